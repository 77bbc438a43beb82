package io.eventstore.edge;

import io.eventstore.api.ErrorDocuments;
import io.eventstore.error.ApiException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

import java.util.List;
import java.util.Locale;

/**
 * Checks each request's framing right after Netty decoded its head, before anything acts on it,
 * and answers what RFC 9112 and 9110 require, closing the connection (after a framing error the
 * rest of the stream cannot be trusted to be where the next request starts):
 * <ul>
 *   <li>{@code Content-Length} together with {@code Transfer-Encoding}: 400;</li>
 *   <li>a {@code Transfer-Encoding} other than exactly {@code chunked}: 501;</li>
 *   <li>a version other than HTTP/1.0 or 1.1 on an HTTP/1 connection: 505;</li>
 *   <li>HTTP/1.1 without exactly one {@code Host}: 400;</li>
 *   <li>a {@code Content-Encoding} other than gzip, deflate or identity: 415.</li>
 * </ul>
 */
final class RequestFraming extends ChannelInboundHandlerAdapter {

    static final String NAME = "event-store-request-framing";
    private static final List<String> CODINGS = List.of("gzip", "deflate", "identity");

    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg); // the rest of a refused request, or what follows it
            return;
        }
        if (msg instanceof HttpRequest request) {
            ApiException refusal = refusal(request);
            if (refusal != null) {
                refused = true;
                ReferenceCountUtil.release(msg);
                respondAndClose(ctx, refusal);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    static ApiException refusal(HttpRequest request) {
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1 || version.minorVersion() > 1) {
            return ApiException.of(505, "http_version_not_supported", "HTTP version not supported",
                    "This connection speaks HTTP/1.1 (and 1.0); " + version.text() + " is not served here.");
        }
        if (request.headers() instanceof FramedHeaders framed && framed.contentLengthDropped()) {
            return ApiException.atHeader(400, "ambiguous_framing", "Bad request",
                    "A request carries either Content-Length or Transfer-Encoding, not both.", "Transfer-Encoding");
        }
        List<String> encodings = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!encodings.isEmpty() && !(encodings.size() == 1 && encodings.get(0).trim().equalsIgnoreCase("chunked"))) {
            return ApiException.atHeader(501, "transfer_encoding_not_implemented", "Not implemented",
                    "The only Transfer-Encoding served is 'chunked' alone.", "Transfer-Encoding");
        }
        if (version.minorVersion() == 1 && request.headers().getAll(HttpHeaderNames.HOST).size() != 1) {
            return ApiException.atHeader(400, "invalid_host", "Bad request",
                    "An HTTP/1.1 request carries exactly one Host header.", "Host");
        }
        for (String coding : request.headers().getAll(HttpHeaderNames.CONTENT_ENCODING)) {
            for (String one : coding.split(",")) {
                if (!CODINGS.contains(one.trim().toLowerCase(Locale.ROOT))) {
                    return ApiException.atHeader(415, "unsupported_content_encoding", "Unsupported media type",
                            "Request bodies may be sent as gzip or deflate, or unencoded.", "Content-Encoding")
                            .withHeader("Accept-Encoding", "gzip, deflate");
                }
            }
        }
        return null;
    }

    private static void respondAndClose(ChannelHandlerContext ctx, ApiException refusal) {
        byte[] body = ErrorDocuments.of(refusal);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(refusal.status()), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, ErrorDocuments.MEDIA_TYPE);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        refusal.headers().forEach(response.headers()::set);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
