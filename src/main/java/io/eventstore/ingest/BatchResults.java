package io.eventstore.ingest;

import io.eventstore.jsonapi.MediaTypes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code atomic:results} document, written as the operations complete: each result is the
 * primary data of the operation's own answer, copied as bytes rather than parsed and written again.
 */
final class BatchResults {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    private int count;
    private boolean anyData;

    BatchResults() {
        write("{\"atomic:results\":[");
    }

    void add(byte[] data) {
        write(count++ == 0 ? "" : ",");
        if (data == null) {
            write("{}");
            return;
        }
        anyData = true;
        write("{\"data\":");
        out.writeBytes(data);
        write("}");
    }

    boolean anyData() {
        return anyData;
    }

    byte[] document() {
        write("],\"jsonapi\":{\"version\":\"1.1\",\"ext\":[\"" + MediaTypes.ATOMIC + "\"]}}");
        return out.toByteArray();
    }

    private void write(String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
