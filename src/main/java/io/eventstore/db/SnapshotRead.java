package io.eventstore.db;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.support.DefaultTransactionDefinition;

/**
 * A read-only transaction whose statements all see one snapshot (InnoDB's REPEATABLE READ): for a
 * read of several statements that must agree, such as a page and its total. The pool's own level is
 * READ COMMITTED (every statement sees what committed before it), which suits writes; a snapshot read
 * pays one statement more, which sets the level for its own transaction only (StartTransactionManager).
 */
public final class SnapshotRead {

    public static final TransactionDefinition DEFINITION = definition();

    private SnapshotRead() {
    }

    private static TransactionDefinition definition() {
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setIsolationLevel(TransactionDefinition.Isolation.REPEATABLE_READ);
        definition.setReadOnly(true);
        return definition;
    }
}
