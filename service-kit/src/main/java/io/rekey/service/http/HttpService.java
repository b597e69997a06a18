package io.rekey.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.rekey.events.serde.EventJson;
import io.rekey.service.tls.TlsSettings;
import java.util.UUID;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP server for a Rekey service, on Javalin over Jetty. It maps every failure to the JSON error body: an
 * {@link ApiException} to its status and code, unreadable JSON to 400, an unknown route to 404, and anything else to
 * a 500 whose body carries only an incident id (the details go to the log, never to the client).
 */
public final class HttpService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpService.class);

    private final String serviceName;
    private final Javalin app;
    private final String scheme;

    private HttpService(String serviceName, Javalin app, String scheme) {
        this.serviceName = serviceName;
        this.app = app;
        this.scheme = scheme;
    }

    /**
     * Starts the server with the given routes; returns once it is listening. With {@link HttpSettings#tls()} it serves
     * HTTPS only (TLS 1.2 and 1.3, HTTP/1.1), otherwise plain HTTP.
     */
    public static HttpService start(String serviceName, HttpSettings settings, Consumer<RoutesConfig> routes) {
        Javalin app = Javalin.create(config -> {
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            settings.tls()
                    .ifPresent(tls -> config.jetty.addConnector(
                            (server, httpConfig) -> httpsConnector(server, httpConfig, settings, tls)));
            config.http.maxRequestSize = settings.maxRequestBytes();
            config.http.defaultContentType = "application/json";
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(EventJson.mapper(), false));
            mapErrors(serviceName, config.routes);
            routes.accept(config.routes);
        });
        app.start();
        HttpService service = new HttpService(serviceName, app, settings.scheme());
        log.info("{} is listening on {}", serviceName, service.baseUrl(settings.host()));
        settings.tls()
                .ifPresent(tls -> log.info(
                        "{} serves HTTPS with the {} (subject {}, SHA-256 fingerprint {})",
                        serviceName,
                        tls.source(),
                        tls.certificate().getSubjectX500Principal().getName(),
                        tls.fingerprint()));
        return service;
    }

    private static Connector httpsConnector(
            Server server, HttpConfiguration httpConfig, HttpSettings settings, TlsSettings tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.keyStore());
        ssl.setKeyStorePassword(tls.password().reveal());
        ssl.setKeyManagerPassword(tls.password().reveal());
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        HttpConfiguration https = new HttpConfiguration(httpConfig);
        https.setSecureScheme("https");
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(
                server,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        return connector;
    }

    public int port() {
        return app.port();
    }

    /** {@code https://host:port} when serving TLS, else {@code http://host:port}. */
    public String baseUrl(String host) {
        String bracketed = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return scheme + "://" + bracketed + ":" + port();
    }

    /** {@code https} or {@code http}. */
    public String scheme() {
        return scheme;
    }

    @Override
    public void close() {
        app.stop();
        log.info("{} stopped serving HTTP", serviceName);
    }

    private static void mapErrors(String serviceName, RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> respond(ctx, e));
        routes.exception(JsonProcessingException.class, (e, ctx) -> respond(ctx, invalidJson()));
        routes.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, fromJavalin(e)));
        routes.exception(Exception.class, (e, ctx) -> respond(ctx, incident(serviceName, ctx, e)));
        routes.error(404, "*", ctx -> {
            if (ctx.result() == null) {
                respond(ctx, ApiException.notFound("NotFound", "no such path: " + ctx.method() + " " + ctx.path()));
            }
        });
        routes.error(405, "*", ctx -> respond(ctx, new ApiException(405, "MethodNotAllowed", "method not allowed")));
    }

    private static ApiException invalidJson() {
        return ApiException.badRequest("BadParameter", "request body is not valid JSON for this operation");
    }

    private static ApiException fromJavalin(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> ApiException.notFound("NotFound", "no such resource; check the path");
            case 405 -> new ApiException(405, "MethodNotAllowed", "this path does not take that method");
            case 413 -> new ApiException(413, "RequestTooLarge", "request body is over the size limit; send less");
            default -> new ApiException(e.getStatus(), "BadRequest", e.getMessage());
        };
    }

    private static ApiException incident(String serviceName, Context ctx, Exception e) {
        if (isJsonFailure(e)) {
            return invalidJson();
        }
        String incidentId = UUID.randomUUID().toString();
        log.error("{} failed on {} {} (incident {})", serviceName, ctx.method(), ctx.path(), incidentId, e);
        return new ApiException(
                500,
                "InternalError",
                "the service failed unexpectedly (incident " + incidentId + "); retry, and report the incident id"
                        + " if it persists");
    }

    private static boolean isJsonFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException) {
                return true;
            }
        }
        return false;
    }

    public static void respond(Context ctx, ApiException e) {
        if (e instanceof ApiException.Unavailable unavailable) {
            ctx.header("Retry-After", Integer.toString(unavailable.retryAfterSeconds()));
        }
        ctx.status(e.status()).json(ErrorBody.of(e.code(), e.getMessage()));
    }
}
