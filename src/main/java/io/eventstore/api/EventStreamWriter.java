package io.eventstore.api;

import io.eventstore.feed.StreamMessage;
import io.micronaut.http.sse.Event;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.nio.charset.StandardCharsets;

/**
 * A stream's messages as Server-Sent Events: {@code id:} the change's position, {@code event:} its
 * kind, {@code data:} the JSON:API document ({@link DocumentWriter#change}, one line: the writer
 * emits no line breaks); a heartbeat is a comment; the end is an {@code end} event whose data is an
 * error document saying why. Each message is written when the client's connection takes it.
 */
final class EventStreamWriter implements Publisher<Event<String>> {

    static final String END = "end";

    private final Publisher<StreamMessage> messages;
    private final String baseUrl;

    EventStreamWriter(Publisher<StreamMessage> messages, String baseUrl) {
        this.messages = messages;
        this.baseUrl = baseUrl;
    }

    @Override
    public void subscribe(Subscriber<? super Event<String>> subscriber) {
        messages.subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription subscription) {
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(StreamMessage message) {
                subscriber.onNext(event(message, baseUrl));
            }

            @Override
            public void onError(Throwable error) {
                subscriber.onError(error);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }

    static Event<String> event(StreamMessage message, String baseUrl) {
        if (message instanceof StreamMessage.Changed changed) {
            String data = new String(DocumentWriter.change(changed.change(), baseUrl), StandardCharsets.UTF_8);
            return Event.of(data).id(Long.toString(changed.change().position())).name(changed.change().kind().wireName());
        }
        if (message instanceof StreamMessage.End end) {
            String data = new String(DocumentWriter.streamEnd(end.id(), end.code(), end.title(), end.detail(), end.resumeAfter()),
                    StandardCharsets.UTF_8);
            return Event.of(data).name(END);
        }
        return Event.of("").comment("heartbeat");
    }
}
