package io.rekey.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.rekey.events.serde.EventJson;
import java.util.UUID;
import java.util.function.Consumer;
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

    private HttpService(String serviceName, Javalin app) {
        this.serviceName = serviceName;
        this.app = app;
    }

    /** Starts the server with the given routes; returns once it is listening. */
    public static HttpService start(String serviceName, HttpSettings settings, Consumer<RoutesConfig> routes) {
        Javalin app = Javalin.create(config -> {
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.http.maxRequestSize = settings.maxRequestBytes();
            config.http.defaultContentType = "application/json";
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(EventJson.mapper(), false));
            mapErrors(serviceName, config.routes);
            routes.accept(config.routes);
        });
        app.start();
        HttpService service = new HttpService(serviceName, app);
        log.info("{} is listening on {}", serviceName, service.baseUrl(settings.host()));
        return service;
    }

    public int port() {
        return app.port();
    }

    public String baseUrl(String host) {
        return "http://" + host + ":" + port();
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
