package io.eventstore.edge;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;

/**
 * Request headers that remember when Netty's decoder dropped a {@code Content-Length} because a
 * {@code Transfer-Encoding} came too (it reads the body as chunked and would keep the connection
 * open). RFC 9112 §6.1 asks to reject such a request or close the connection after it: the
 * framing check needs to know, and the decoder leaves no other trace.
 */
final class FramedHeaders extends DefaultHttpHeaders {

    static final HttpHeadersFactory FACTORY = new HttpHeadersFactory() {
        @Override
        public HttpHeaders newHeaders() {
            return new FramedHeaders();
        }

        @Override
        public HttpHeaders newEmptyHeaders() {
            return new FramedHeaders();
        }
    };

    private boolean contentLengthDropped;

    boolean contentLengthDropped() {
        return contentLengthDropped;
    }

    @Override
    public HttpHeaders remove(CharSequence name) {
        if (HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name) && contains(HttpHeaderNames.TRANSFER_ENCODING)
                && contains(HttpHeaderNames.CONTENT_LENGTH)) {
            contentLengthDropped = true;
        }
        return super.remove(name);
    }

    @Override
    public HttpHeaders remove(String name) {
        return remove((CharSequence) name);
    }
}
