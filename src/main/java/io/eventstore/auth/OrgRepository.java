package io.eventstore.auth;

import io.eventstore.db.UtcMicros;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface OrgRepository extends GenericRepository<Org, Long> {

    // The statements are constants: the admin command runs them over plain JDBC too (admin/JdbcRepositories),
    // their named parameters bound in the order they appear.

    /** Org ids are small and dense (they show up in every key); the primary key refuses a racing twin. */
    String INSERT_NEXT = "INSERT INTO org (org_id, name, created_at) SELECT COALESCE(MAX(org_id), 0) + 1, :name, :now FROM org";
    String INSERT_IF_ABSENT = "INSERT IGNORE INTO org (org_id, name, created_at) VALUES (:orgId, :name, :now)";
    String FIND_BY_NAME = "SELECT org_id, name, created_at FROM org WHERE name = :name";
    String FIND_BY_ID = "SELECT org_id, name, created_at FROM org WHERE org_id = :orgId";
    String LIST = "SELECT org_id, name, created_at FROM org ORDER BY org_id";
    String IDS = "SELECT org_id FROM org ORDER BY org_id";

    @Query(INSERT_NEXT)
    void insertNext(String name, @UtcMicros Instant now);

    @Query(INSERT_IF_ABSENT)
    void insertIfAbsent(long orgId, String name, @UtcMicros Instant now);

    @Query(FIND_BY_NAME)
    Optional<Org> findByName(String name);

    @Query(FIND_BY_ID)
    Optional<Org> findById(long orgId);

    @Query(LIST)
    List<Org> list();

    @Query(IDS)
    List<Long> ids();
}
