package io.eventstore.event;

import io.micronaut.context.annotation.ConfigurationProperties;

/** Size limits of event attributes ({@code event-store.limits.*}). */
@ConfigurationProperties("event-store.limits")
public class EventLimits {

    /** How deep a payload may nest (objects and arrays). */
    public static final int MAX_PAYLOAD_DEPTH = 32;

    private int bodyMaxChars = 262_144;
    private int payloadMaxBytes = 65_536;

    public int getBodyMaxChars() {
        return bodyMaxChars;
    }

    public void setBodyMaxChars(int bodyMaxChars) {
        this.bodyMaxChars = bodyMaxChars;
    }

    public int getPayloadMaxBytes() {
        return payloadMaxBytes;
    }

    public void setPayloadMaxBytes(int payloadMaxBytes) {
        this.payloadMaxBytes = payloadMaxBytes;
    }
}
