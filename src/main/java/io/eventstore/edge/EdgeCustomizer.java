package io.eventstore.edge;

import io.eventstore.api.ErrorDocuments;
import io.eventstore.error.ApiException;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Puts the service's own checks into every HTTP/1 connection Netty opens: the connection budget
 * ({@link ConnectionBudget}: the excess is answered 503 and closed at once, before any request is
 * read, so the instance keeps serving other clients), the request-head timeout, and the framing
 * checks ({@link RequestFraming}), with a codec whose headers record what the decoder dropped
 * ({@link FramedHeaders}); otherwise Micronaut's codec, with Micronaut's limits.
 */
@Singleton
class EdgeCustomizer implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private static final String CODEC = "http-server-codec";
    private static final byte[] TOO_MANY = tooMany();

    private final ConnectionBudget budget;
    private final EdgeLimits limits;
    private final NettyHttpServerConfiguration server;

    EdgeCustomizer(ConnectionBudget budget, EdgeLimits limits, NettyHttpServerConfiguration server) {
        this.budget = budget;
        this.limits = limits;
        this.server = server;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new NettyServerCustomizer() {
            @Override
            public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
                return role == ChannelRole.CONNECTION ? new Connection(channel) : this;
            }
        });
        return event.getBean();
    }

    /** The whole 503 answer, bytes on the wire: it is written before the HTTP codec, to a client that sent nothing yet. */
    private static byte[] tooMany() {
        byte[] body = ErrorDocuments.of(ApiException.of(503, "too_many_connections", "Service unavailable",
                "This client has too many open connections to this instance; close some and retry."));
        byte[] head = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: " + ErrorDocuments.MEDIA_TYPE
                + "\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] whole = new byte[head.length + body.length];
        System.arraycopy(head, 0, whole, 0, head.length);
        System.arraycopy(body, 0, whole, head.length, body.length);
        return whole;
    }

    private final class Connection implements NettyServerCustomizer {

        private final Channel channel;

        Connection(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void onInitialPipelineBuilt() {
            if (!(channel.remoteAddress() instanceof InetSocketAddress remote)) {
                return;
            }
            InetAddress address = remote.getAddress();
            if (!budget.tryOpen(address)) {
                channel.pipeline().addFirst(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void handlerAdded(ChannelHandlerContext ctx) {
                        if (ctx.channel().isActive()) {
                            refuse(ctx);
                        }
                    }

                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        refuse(ctx);
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        io.netty.util.ReferenceCountUtil.release(msg); // nothing of it is read
                    }

                    private void refuse(ChannelHandlerContext ctx) {
                        // from the head of the pipeline: the bytes go out as they are, past the HTTP codec
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(TOO_MANY)).addListener(ChannelFutureListener.CLOSE);
                    }
                });
                return;
            }
            channel.closeFuture().addListener(closed -> budget.release(address));
        }

        @Override
        public void onStreamPipelineBuilt() {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(CODEC) == null) {
                return; // not an HTTP/1 connection: nothing of ours applies
            }
            pipeline.replace(CODEC, CODEC, new HttpServerCodec(new HttpDecoderConfig()
                    .setMaxInitialLineLength(server.getMaxInitialLineLength())
                    .setMaxHeaderSize(server.getMaxHeaderSize())
                    .setMaxChunkSize(server.getMaxChunkSize())
                    .setValidateHeaders(server.isValidateHeaders())
                    .setInitialBufferSize(server.getInitialBufferSize())
                    .setHeadersFactory(FramedHeaders.FACTORY)));
            pipeline.addAfter(CODEC, RequestHeadTimeout.NAME, new RequestHeadTimeout(limits.getRequestHeadTimeout()));
            pipeline.addAfter(RequestHeadTimeout.NAME, RequestFraming.NAME, new RequestFraming());
        }
    }
}
