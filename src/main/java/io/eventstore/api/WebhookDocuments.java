package io.eventstore.api;

import io.eventstore.event.Change;
import io.eventstore.webhook.ChangeDocuments;
import jakarta.inject.Singleton;

/** A delivery's document: the stream's document of the change ({@link DocumentWriter#change}). */
@Singleton
final class WebhookDocuments implements ChangeDocuments {

    @Override
    public byte[] document(Change change, String baseUrl) {
        return DocumentWriter.change(change, baseUrl);
    }
}
