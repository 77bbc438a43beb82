package io.eventstore.event.query;

import io.eventstore.db.ServiceSettingRepository;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key that signs cursors: {@code event-store.cursor-secret} when configured, otherwise a random
 * key created once and kept in the database, so that every instance (and every restart) accepts
 * the cursors of the others.
 */
@Factory
public class CursorSecret {

    private static final String SETTING = "cursor-secret";

    @Singleton
    CursorCodec cursorCodec(ServiceSettingRepository settings, @Value("${event-store.cursor-secret:}") String configured) {
        if (!configured.isBlank()) {
            return new CursorCodec(configured.getBytes(StandardCharsets.UTF_8));
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        settings.insertIfAbsent(ServiceSettingRepository.SERVICE_ORG, SETTING, Base64.getEncoder().encodeToString(fresh));
        String stored = settings.findValue(ServiceSettingRepository.SERVICE_ORG, SETTING)
                .orElseThrow(() -> new IllegalStateException("the cursor key is missing from service_setting"));
        return new CursorCodec(Base64.getDecoder().decode(stored));
    }
}
