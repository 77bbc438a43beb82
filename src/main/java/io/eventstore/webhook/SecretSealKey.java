package io.eventstore.webhook;

import io.eventstore.db.ServiceSettingRepository;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.util.Base64;

/**
 * The key that seals webhook secrets: {@code event-store.webhooks.secret-key} (base64 of 32 bytes,
 * kept outside the database: then a copy of the database alone holds no usable secret), otherwise
 * a random key created once and kept in {@code service_setting}, shared by every instance.
 */
@Factory
public class SecretSealKey {

    private static final String SETTING = "webhook-secret-key";

    @Singleton
    SecretSeal secretSeal(ServiceSettingRepository settings, WebhookSettings webhooks) {
        if (!webhooks.secretKey().isBlank()) {
            return new SecretSeal(Base64.getDecoder().decode(webhooks.secretKey().trim()));
        }
        return new SecretSeal(settings.sharedKey(SETTING));
    }
}
