package io.eventstore.db;

/**
 * A transaction found that a concurrent one wrote the row it needed (a unique key claimed meanwhile)
 * and must run again from the start to see it; {@link TransactionRetry} runs it again.
 */
public class RetryableConflict extends RuntimeException {

    public RetryableConflict(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
