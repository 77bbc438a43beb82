package io.eventstore.db;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanDestroyedEvent;
import io.micronaut.context.event.BeanDestroyedEventListener;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

/**
 * A context on the embedded database has closed its pool (its requests are over): the server may
 * stop at exit once no context uses it, not before (see {@link EmbeddedMariaDb#outliveApplications()}).
 */
@Singleton
@Requires(property = EmbeddedDatabaseRelease.PROPERTY, value = "true")
class EmbeddedDatabaseRelease implements BeanDestroyedEventListener<DataSource> {

    static final String PROPERTY = "event-store.embedded-db.in-use";

    @Override
    public void onDestroyed(BeanDestroyedEvent<DataSource> event) {
        EmbeddedMariaDb.release();
    }
}
