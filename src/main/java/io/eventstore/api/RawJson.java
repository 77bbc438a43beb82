package io.eventstore.api;

import com.fasterxml.jackson.core.SerializableString;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON text that is already UTF-8 bytes, for {@code JsonGenerator.writeRawValue}: the generator
 * copies the bytes into its buffer, where raw text would be encoded char by char. Only the
 * unquoted UTF-8 forms are meaningful for raw output; the quoted forms are refused.
 * {@code length} may be changed to reuse one buffer for several values of the same prefix.
 */
final class RawJson implements SerializableString {

    final byte[] bytes;
    int length;

    RawJson(byte[] bytes) {
        this.bytes = bytes;
        this.length = bytes.length;
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        if (offset + length > buffer.length) {
            return -1; // the generator then flushes and takes asUnquotedUTF8()
        }
        System.arraycopy(bytes, 0, buffer, offset, length);
        return length;
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws java.io.IOException {
        out.write(bytes, 0, length);
        return length;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        if (length > buffer.remaining()) {
            return -1;
        }
        buffer.put(bytes, 0, length);
        return length;
    }

    @Override
    public String getValue() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public char[] asQuotedChars() {
        throw quotedForms();
    }

    @Override
    public byte[] asQuotedUTF8() {
        throw quotedForms();
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        throw quotedForms();
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        throw quotedForms();
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        String value = getValue();
        if (offset + value.length() > buffer.length) {
            return -1;
        }
        value.getChars(0, value.length(), buffer, offset);
        return value.length();
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) {
        throw quotedForms();
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        throw quotedForms();
    }

    private static UnsupportedOperationException quotedForms() {
        return new UnsupportedOperationException("raw JSON is written as it is, never quoted");
    }
}
