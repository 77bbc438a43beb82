package io.eventstore.db;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/** Settings shared by every instance of the service. */
@JdbcRepository(dialect = Dialect.MYSQL)
public interface ServiceSettingRepository extends GenericRepository<ServiceSetting, String> {

    long SERVICE_ORG = 0;

    /** Keeps the first value written: when two instances start together, both end up with the same one. */
    @Query("INSERT IGNORE INTO service_setting (org_id, name, value, created_at) VALUES (:orgId, :name, :value, UTC_TIMESTAMP(6))")
    void insertIfAbsent(long orgId, String name, String value);

    @Query("SELECT value FROM service_setting WHERE org_id = :orgId AND name = :name")
    Optional<String> findValue(long orgId, String name);

    /**
     * A random 32-byte key of the service's, made by the first instance that asks and kept under
     * {@code name}, so that every instance (and every restart) has the same one.
     */
    default byte[] sharedKey(String name) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        insertIfAbsent(SERVICE_ORG, name, Base64.getEncoder().encodeToString(fresh));
        String stored = findValue(SERVICE_ORG, name)
                .orElseThrow(() -> new IllegalStateException("the key " + name + " is missing from service_setting"));
        return Base64.getDecoder().decode(stored);
    }
}
