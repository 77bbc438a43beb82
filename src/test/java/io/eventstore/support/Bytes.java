package io.eventstore.support;

/** Byte surgery for malformed bodies. */
public final class Bytes {

    private Bytes() {
    }

    /** {@code into} with {@code inserted} placed before index {@code at}. */
    public static byte[] insert(byte[] into, int at, byte[] inserted) {
        byte[] result = new byte[into.length + inserted.length];
        System.arraycopy(into, 0, result, 0, at);
        System.arraycopy(inserted, 0, result, at, inserted.length);
        System.arraycopy(into, at, result, at + inserted.length, into.length - at);
        return result;
    }
}
