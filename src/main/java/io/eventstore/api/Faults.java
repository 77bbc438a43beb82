package io.eventstore.api;

import io.eventstore.db.RetryableConflict;
import io.eventstore.db.SqlErrors;
import io.eventstore.error.ApiException;

/**
 * What a request that failed without a refusal of its own is answered: 503 with {@code Retry-After}
 * when the database cannot serve now (unreachable, no connection in time, a node not synced, read
 * only) or kept conflicting after the retries ({@code TransactionRetry}); 500 for anything else.
 * Both carry an opaque id that is in the log, nothing of the cause.
 */
final class Faults {

    /** Seconds a client waits before it retries a 503: the pool's wait and a node's resync are about this. */
    static final String RETRY_AFTER = "1";

    private static final ApiException UNAVAILABLE = ApiException.of(503, "database_unavailable", "Service unavailable",
            "The database cannot serve this request now; retry after Retry-After seconds. A write sent with an"
                    + " Idempotency-Key is safe to retry: if it was stored, the retry answers what it stored.")
            .withHeader("Retry-After", RETRY_AFTER);
    private static final ApiException CONFLICT = ApiException.of(503, "write_conflict", "Service unavailable",
            "This write kept meeting concurrent writes to the same rows and was not stored; retry after"
                    + " Retry-After seconds.")
            .withHeader("Retry-After", RETRY_AFTER);
    private static final ApiException INTERNAL = ApiException.of(500, "internal_error", "Internal server error",
            "The server failed to answer this request; quote the error id when you report it.");

    private Faults() {
    }

    /** The answer to a fault of this request: its error id is the request's id, so the log line and the client's report meet. */
    static ApiResponse answer(RequestId requestId, Throwable fault) {
        ApiException answer = classify(fault);
        return ApiResponse.document(answer.status(), DocumentWriter.fault(answer, fault, requestId))
                .withHeaders(answer.headers());
    }

    static ApiException classify(Throwable fault) {
        if (SqlErrors.unavailable(fault)) {
            return UNAVAILABLE;
        }
        if (SqlErrors.rolledBackToRetry(fault) || fault instanceof RetryableConflict) {
            return CONFLICT;
        }
        return INTERNAL;
    }
}
