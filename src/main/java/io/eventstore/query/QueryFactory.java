package io.eventstore.query;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** Builds the query parser from configuration. */
@Factory
public class QueryFactory {

    @Singleton
    PageParser pageParser(CursorCodec cursors,
                          @Value("${event-store.page.default-size:50}") int defaultSize,
                          @Value("${event-store.page.max-size:1000}") int maxSize) {
        return new PageParser(defaultSize, maxSize, cursors);
    }
}
