package io.hookbridge.ingress.server;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.impl.VertxInternal;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The Vert.x instance the HTTP server is made with. Camel builds the server with default
 * options and no connection handler, taking the Vert.x instance it finds in the registry; this
 * one forwards every call to a real instance, except that each HTTP server it creates gets the
 * ingress options, connection handler and handler of requests it cannot read. The real instance is created at its first use (not
 * when the settings are read, so a start that fails before leaves no threads behind).
 */
final class IngressVertx implements InvocationHandler {

    private final VertxOptions options;
    private final UnaryOperator<HttpServerOptions> serverOptions;
    private final Handler<HttpConnection> connections;
    private final Handler<HttpServerRequest> invalidRequests;
    private volatile Vertx vertx;

    IngressVertx(VertxOptions options, UnaryOperator<HttpServerOptions> serverOptions,
            Handler<HttpConnection> connections, Handler<HttpServerRequest> invalidRequests) {
        this.options = options;
        this.serverOptions = serverOptions;
        this.connections = connections;
        this.invalidRequests = invalidRequests;
    }

    /** The instance to bind in the registry. */
    Vertx proxy() {
        // VertxInternal as well: Vert.x and vertx-web cast to it in places
        return (Vertx) Proxy.newProxyInstance(IngressVertx.class.getClassLoader(),
                new Class<?>[] {VertxInternal.class}, this);
    }

    /** Closes the real instance, if it was created, waiting at most the given time. */
    void close(long timeoutMillis) throws Exception {
        Vertx real;
        synchronized (this) {
            real = vertx;
        }
        if (real != null) {
            real.close().toCompletionStage().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** The real instance; every call to the proxy goes through here, so it takes no lock once it exists. */
    private Vertx real() {
        Vertx existing = vertx;
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            if (vertx == null) {
                vertx = Vertx.vertx(options);
            }
            return vertx;
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "equals":
                if (method.getParameterCount() == 1 && method.getParameterTypes()[0] == Object.class) {
                    return proxy == args[0];
                }
                break;
            case "hashCode":
                if (method.getParameterCount() == 0) {
                    return System.identityHashCode(proxy);
                }
                break;
            case "createHttpServer":
                HttpServerOptions given = args == null || args.length == 0 ? new HttpServerOptions()
                        : new HttpServerOptions((HttpServerOptions) args[0]);
                HttpServer server = real().createHttpServer(serverOptions.apply(given));
                server.connectionHandler(connections);
                server.invalidRequestHandler(invalidRequests);
                return server;
            default:
                break;
        }
        try {
            return method.invoke(real(), args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
