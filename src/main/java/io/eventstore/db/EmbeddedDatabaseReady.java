package io.eventstore.db;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * The pool's settings are read, the pool is next: it connects at once, so it waits here until the
 * embedded server, started in the background by {@link DatabaseConfigurer}, answers. Until then the
 * JVM has loaded and wired the application in parallel with the server's start.
 */
@Singleton
@Requires(property = EmbeddedDatabaseRelease.PROPERTY, value = "true")
class EmbeddedDatabaseReady implements BeanCreatedEventListener<DatasourceConfiguration> {

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        EmbeddedMariaDb.awaitReady();
        return event.getBean();
    }
}
