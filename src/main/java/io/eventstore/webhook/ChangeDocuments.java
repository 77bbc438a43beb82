package io.eventstore.webhook;

import io.eventstore.event.Change;

/** Writes a change as the document a delivery posts: the stream's document, links on the hook's base (the edge provides it). */
public interface ChangeDocuments {
    byte[] document(Change change, String baseUrl);
}
