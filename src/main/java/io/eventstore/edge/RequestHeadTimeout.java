package io.eventstore.edge;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has no request in progress and has not delivered a complete request
 * head within the timeout: from the connection's start, and again from the end of each answer.
 * Idle timeouts alone do not stop a client that sends a header byte every few seconds
 * (slowloris); this does. A request being answered is never cut: the clock runs only while none is.
 *
 * <p>Each answer that keeps its connection says so in {@code Keep-Alive: timeout=N}, one second less
 * than the timeout: a client that honours it (Apache HttpClient, undici) closes an idle connection
 * before the service does, instead of sending a request on one being closed, which gets no answer.
 */
final class RequestHeadTimeout extends ChannelDuplexHandler {

    static final String NAME = "event-store-request-head-timeout";

    private final long timeoutNanos;
    private final String keepAlive;
    private int inProgress;
    private ScheduledFuture<?> deadline;

    RequestHeadTimeout(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        this.keepAlive = keepAlive(timeout);
    }

    /** The {@code Keep-Alive} value for this timeout; null under 2 s, where a whole second less leaves none. */
    static String keepAlive(Duration timeout) {
        long seconds = timeout.toSeconds() - 1;
        return seconds >= 1 ? "timeout=" + seconds : null;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        arm(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            inProgress++;
            disarm();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && keepAlive != null && HttpUtil.isKeepAlive(response)
                && response.status().code() >= 200) {
            response.headers().set(HttpHeaderNames.KEEP_ALIVE, keepAlive);
        }
        if (msg instanceof LastHttpContent) {
            promise = promise.unvoid();
            promise.addListener(done -> {
                if (--inProgress <= 0) {
                    inProgress = 0;
                    arm(ctx);
                }
            });
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        if (ctx.channel().isOpen()) {
            deadline = ctx.executor().schedule(() -> {
                if (inProgress == 0) {
                    ctx.close();
                }
            }, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
