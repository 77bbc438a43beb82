package io.eventstore.event;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The new events of a batch in one JDBC batch (one multi-row INSERT with rewriteBatchedStatements),
 * bound by hand: a few setter calls per row instead of Micronaut Data's generic, per-property
 * binding, which showed in the ingest profile. Runs in the caller's transaction.
 */
@Singleton
public class EventInserts {

    static final String INSERT = "INSERT INTO event (org_id, id, name, event_at, created_at, updated_at, body,"
            + " external_url, payload, request_city, request_device, request_host, request_proxied, request_region,"
            + " account_id, call_id, mailing_id, opportunity_id, prospect_id, task_id, user_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcOperations jdbc;

    public EventInserts(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    public void insertAll(List<EventRecord> rows) {
        jdbc.prepareStatement(INSERT, insert -> {
            for (EventRecord row : rows) {
                bind(insert, row);
                insert.addBatch();
            }
            insert.executeBatch();
            return null;
        });
    }

    private static void bind(PreparedStatement insert, EventRecord row) throws SQLException {
        insert.setLong(1, row.key().orgId());
        insert.setLong(2, row.key().id());
        insert.setString(3, row.name());
        insert.setObject(4, utc(row.eventAt()));
        insert.setObject(5, utc(row.createdAt()));
        insert.setObject(6, utc(row.updatedAt()));
        insert.setString(7, row.body());
        insert.setString(8, row.externalUrl());
        insert.setString(9, row.payload());
        insert.setString(10, row.requestCity());
        insert.setString(11, row.requestDevice());
        insert.setString(12, row.requestHost());
        if (row.requestProxied() == null) {
            insert.setNull(13, Types.BOOLEAN);
        } else {
            insert.setBoolean(13, row.requestProxied());
        }
        insert.setString(14, row.requestRegion());
        int index = 15;
        for (Relationship relationship : Relationship.ALL) { // account, call, mailing, opportunity, prospect, task, user
            insert.setString(index++, row.relatedId(relationship));
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
