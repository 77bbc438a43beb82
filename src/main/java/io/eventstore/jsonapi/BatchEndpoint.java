package io.eventstore.jsonapi;

/** {@code POST /operations}: a batch of operations (the Atomic Operations extension). */
public interface BatchEndpoint {

    ApiResponse execute(ApiRequest request);
}
