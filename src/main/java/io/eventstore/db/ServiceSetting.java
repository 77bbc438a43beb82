package io.eventstore.db;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A value the service keeps for itself in {@code service_setting} (org 0). */
@MappedEntity("service_setting")
public record ServiceSetting(long orgId, @Id String name, String value, @UtcMicros Instant createdAt) {
}
