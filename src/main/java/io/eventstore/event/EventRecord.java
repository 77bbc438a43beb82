package io.eventstore.event;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

import java.time.Instant;

/** One row of the {@code event} table. */
@MappedEntity("event")
public record EventRecord(
        @EmbeddedId EventKey key,
        String name,
        Instant eventAt,
        Instant createdAt,
        Instant updatedAt,
        @Nullable String body,
        @Nullable String externalUrl,
        // bound as text: the JSON column (a checked LONGTEXT on MariaDB) validates it
        @Nullable @TypeDef(type = DataType.STRING) String payload,
        @Nullable String requestCity,
        @Nullable String requestDevice,
        @Nullable String requestHost,
        @Nullable Boolean requestProxied,
        @Nullable String requestRegion,
        @Nullable String accountId,
        @Nullable String callId,
        @Nullable String mailingId,
        @Nullable String opportunityId,
        @Nullable String prospectId,
        @Nullable String taskId,
        @Nullable String userId) {

    /** The id this event relates to through {@code relationship}, or null. */
    public String relatedId(Relationship relationship) {
        return switch (relationship) {
            case ACCOUNT -> accountId;
            case CALL -> callId;
            case MAILING -> mailingId;
            case OPPORTUNITY -> opportunityId;
            case PROSPECT -> prospectId;
            case TASK -> taskId;
            case USER -> userId;
        };
    }
}
