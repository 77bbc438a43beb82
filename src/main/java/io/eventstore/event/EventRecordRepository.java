package io.eventstore.event;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Optional;

/** Single-event reads and writes. Lists are built in {@code io.eventstore.query}. */
@JdbcRepository(dialect = Dialect.MYSQL)
public interface EventRecordRepository extends GenericRepository<EventRecord, EventKey> {

    Optional<EventRecord> findById(EventKey key);

    EventRecord save(EventRecord record);

    EventRecord update(EventRecord record);

    int deleteById(EventKey key);
}
