package io.hookbridge.ingress.server;

import io.hookbridge.web.JsonResponses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ByteProcessor;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Cuts off clients that send slowly. A request's headers must be complete within the header
 * timeout of the connection opening (on a kept-alive connection: of the next request's first
 * byte, the wait before it being the idle timeout's business), and its body within the request
 * timeout of its headers. Unlike an idle timeout these clocks are not reset by bytes that keep
 * trickling in. When they run out the connection is closed, after a 408 when that answer
 * cannot be mistaken for another request's.
 *
 * <p>The clocks watch the HTTP/1.x messages in the connection's Netty pipeline: raw bytes before
 * Vert.x's decoder, then the decoded request head and body end, and the responses going out.
 * Every event of one connection, its timers included, runs on that connection's event loop.
 */
final class SlowClientTimeouts {

    // the names Vert.x gives the HTTP/1.x decoder and its own handler in the pipeline
    private static final String DECODER = "httpDecoder";
    private static final String VERTX_HANDLER = "handler";

    private final long headerNanos;
    private final long requestNanos;

    SlowClientTimeouts(Duration headerTimeout, Duration requestTimeout) {
        this.headerNanos = headerTimeout.toNanos();
        this.requestNanos = requestTimeout.toNanos();
    }

    /** Starts the header clock of a new connection; an HTTP/2 connection (no HTTP/1.x decoder) is left alone. */
    void watch(Channel channel) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> watch(channel));
            return;
        }
        ChannelPipeline pipeline = channel.pipeline();
        if (!channel.isActive() || pipeline.get(DECODER) == null || pipeline.get(VERTX_HANDLER) == null) {
            return;
        }
        Clocks clocks = new Clocks(channel);
        pipeline.addBefore(DECODER, "hookbridgeRequestStart", clocks.bytes);
        pipeline.addBefore(VERTX_HANDLER, "hookbridgeRequestTimeouts", clocks.messages);
        channel.closeFuture().addListener(closed -> clocks.stop());
        clocks.start(Phase.HEADERS, headerNanos);
    }

    private enum Phase {
        /** Before the head of a request is complete. */
        HEADERS,
        /** Head received, body not complete. */
        BODY,
        /** Request received, its answer not complete. */
        ANSWERING,
        /** Kept alive between requests. */
        IDLE
    }

    private final class Clocks {

        private final Channel channel;
        private final RequestStart bytes = new RequestStart();
        private final Messages messages = new Messages();
        private ChannelHandlerContext messagesContext;
        private Phase phase;
        private ScheduledFuture<?> deadline;
        private long requests;
        private long answered;
        private boolean answering;

        Clocks(Channel channel) {
            this.channel = channel;
        }

        void start(Phase next, long nanos) {
            stop();
            phase = next;
            deadline = channel.eventLoop().schedule(this::expire, nanos, TimeUnit.NANOSECONDS);
        }

        void enter(Phase next) {
            stop();
            phase = next;
        }

        void stop() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }

        private void expire() {
            deadline = null;
            if (!channel.isActive() || (phase != Phase.HEADERS && phase != Phase.BODY)) {
                return;
            }
            // a 408 only when every earlier request has its whole answer and this one has none
            long earlier = phase == Phase.BODY ? requests - 1 : requests;
            if (!answering && answered == earlier && messagesContext != null) {
                messagesContext.writeAndFlush(timeoutAnswer(phase == Phase.HEADERS
                        ? "the request headers did not arrive in time"
                        : "the request body did not arrive in time"));
            }
            channel.close();
        }

        /** Before the decoder: the first byte of a request on a kept-alive connection starts its header clock. */
        private final class RequestStart extends ChannelInboundHandlerAdapter {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                // empty lines between requests are allowed and do not start one
                if (phase == Phase.IDLE && msg instanceof ByteBuf buffer
                        && buffer.forEachByte(ByteProcessor.FIND_NON_CRLF) >= 0) {
                    start(Phase.HEADERS, headerNanos);
                }
                ctx.fireChannelRead(msg);
            }
        }

        /** After the decoder: a request's head and body end come in, responses go out. */
        private final class Messages extends ChannelDuplexHandler {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                messagesContext = ctx;
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    requests++;
                    start(Phase.BODY, requestNanos);
                }
                if (msg instanceof LastHttpContent) {
                    enter(answering || answered < requests ? Phase.ANSWERING : Phase.IDLE);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                boolean interim = msg instanceof HttpResponse response
                        && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
                if (!interim) {
                    if (msg instanceof HttpResponse) {
                        answering = true;
                    }
                    if (answering && msg instanceof LastHttpContent) {
                        answering = false;
                        answered++;
                        if (phase == Phase.ANSWERING && answered == requests) {
                            enter(Phase.IDLE);
                        } else if (phase == Phase.BODY && answered == requests - 1) {
                            // a pipelined request's body is read only from now on
                            start(Phase.BODY, requestNanos);
                        }
                    }
                }
                ctx.write(msg, promise);
            }
        }
    }

    private static FullHttpResponse timeoutAnswer(String message) {
        byte[] body = JsonResponses.errorBody("request_timeout", message).toString().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
