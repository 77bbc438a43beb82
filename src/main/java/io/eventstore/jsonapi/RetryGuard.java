package io.eventstore.jsonapi;

import java.util.function.Supplier;

/** Runs a write once per Idempotency-Key; later requests with the same key get the stored answer. */
public interface RetryGuard {

    ApiResponse run(ApiRequest request, Supplier<ApiResponse> write);
}
