package io.eventstore.event.store;

import java.util.List;

/** SQL text with its parameters in order. */
public record SqlStatement(String sql, List<Object> parameters) {
}
