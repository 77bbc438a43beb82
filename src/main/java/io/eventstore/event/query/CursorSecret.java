package io.eventstore.event.query;

import io.eventstore.db.ServiceSettingRepository;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;

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
        return new CursorCodec(settings.sharedKey(SETTING));
    }
}
