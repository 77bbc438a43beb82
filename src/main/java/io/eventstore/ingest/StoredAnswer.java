package io.eventstore.ingest;

/** The answer of a request with an Idempotency-Key, as it is kept and replayed: status, the headers that matter, body. */
public record StoredAnswer(int status, String location, String contentType, byte[] body) {
}
