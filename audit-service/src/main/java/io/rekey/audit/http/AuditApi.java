package io.rekey.audit.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.rekey.audit.query.AuditQueries.Granularity;
import io.rekey.audit.query.CallerUsage;
import io.rekey.audit.query.CallersReport;
import io.rekey.audit.query.Page;
import io.rekey.audit.topology.AuditTopology;
import io.rekey.audit.topology.DeadLetterCounts;
import io.rekey.audit.view.HistoryEntry;
import io.rekey.events.ids.AccountName;
import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.InvalidIdException;
import io.rekey.events.ids.KeyName;
import io.rekey.service.auth.BearerAuth;
import io.rekey.service.http.ApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The audit's read-only HTTP queries. Every query but {@code /health} needs a caller with the {@code audit}
 * permission. Lists are paged with {@code limit} and {@code cursor}; times are ISO-8601 instants.
 */
public final class AuditApi {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Duration DEFAULT_PERIOD = Duration.ofHours(1);

    private final BearerAuth auth;
    private final Set<CallerId> auditors;
    private final QueryRouter router;
    private final Supplier<KafkaStreams> streams;
    private final Supplier<HostInfo> self;
    private final DeadLetterCounts deadLetters;
    private final Clock clock;

    public AuditApi(
            BearerAuth auth,
            Set<CallerId> auditors,
            Supplier<KafkaStreams> streams,
            Supplier<HostInfo> self,
            DeadLetterCounts deadLetters,
            Clock clock) {
        this.auth = auth;
        this.auditors = Set.copyOf(auditors);
        this.router = new QueryRouter(streams, self);
        this.streams = streams;
        this.self = self;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    public void addRoutes(RoutesConfig routes) {
        routes.get("/health", this::health);
        routes.get("/keys/{name}/history", this::keyHistory);
        routes.get("/keys/{name}/usage", this::keyUsage);
        routes.get("/keys/{name}/callers", this::keyCallers);
        routes.get("/keys/{name}/rotation-status", this::rotationStatus);
        routes.get("/keys/{name}/revocation-status", this::revocationStatus);
        routes.get("/accounts/{name}/history", this::accountHistory);
    }

    private void health(Context ctx) {
        KafkaStreams current = streams.get();
        String state = current == null ? "STARTING" : current.state().name();
        boolean up = "RUNNING".equals(state);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "NOT_READY");
        body.put("streams", state);
        body.put("instance", QueryRouter.describe(self.get()));
        body.put("deadLetters", deadLetters.snapshot());
        if (!up) {
            ctx.header("Retry-After", "1");
        }
        ctx.status(up ? 200 : 503).json(body);
    }

    private void keyHistory(Context ctx) {
        authorize(ctx);
        String key = keyName(ctx);
        int offset = cursor(ctx);
        int limit = limit(ctx);
        router.answer(ctx, AuditTopology.KEY_HISTORY_STORE, key, queries -> {
            List<HistoryEntry> entries = queries.keyHistory(key).orElseThrow(() -> keyNotFound(key));
            return Page.of(entries, offset, limit, next -> link(ctx, next, limit));
        });
    }

    private void accountHistory(Context ctx) {
        authorize(ctx);
        String account = accountName(ctx);
        int offset = cursor(ctx);
        int limit = limit(ctx);
        router.answer(ctx, AuditTopology.ACCOUNT_HISTORY_STORE, account, queries -> {
            List<HistoryEntry> entries = queries.accountHistory(account)
                    .orElseThrow(() -> ApiException.notFound(
                            "AccountNotFound", "the audit has seen no event about account '" + account + "'"));
            return Page.of(entries, offset, limit, next -> link(ctx, next, limit));
        });
    }

    private void keyUsage(Context ctx) {
        authorize(ctx);
        String key = keyName(ctx);
        Instant[] range = range(ctx);
        Granularity granularity = granularity(ctx);
        int offset = cursor(ctx);
        int limit = limit(ctx);
        router.answer(
                ctx,
                granularity.store(),
                key,
                queries -> queries.usage(
                        key, granularity, range[0], range[1], offset, limit, next -> link(ctx, next, limit)));
    }

    private void keyCallers(Context ctx) {
        authorize(ctx);
        String key = keyName(ctx);
        Instant[] range = range(ctx);
        int offset = cursor(ctx);
        int limit = limit(ctx);
        router.answer(ctx, AuditTopology.USAGE_PER_MINUTE_STORE, key, queries -> {
            Page<CallerUsage> page =
                    Page.of(queries.callers(key, range[0], range[1]), offset, limit, next -> link(ctx, next, limit));
            return new CallersReport(key, range[0], range[1], page.value(), page.nextLink());
        });
    }

    private void rotationStatus(Context ctx) {
        authorize(ctx);
        String key = keyName(ctx);
        router.answer(
                ctx,
                AuditTopology.KEY_STATUS_STORE,
                key,
                queries -> queries.rotationStatus(key).orElseThrow(() -> keyNotFound(key)));
    }

    private void revocationStatus(Context ctx) {
        authorize(ctx);
        String key = keyName(ctx);
        router.answer(
                ctx,
                AuditTopology.KEY_STATUS_STORE,
                key,
                queries -> queries.revocationStatus(key).orElseThrow(() -> keyNotFound(key)));
    }

    private void authorize(Context ctx) {
        CallerId caller = auth.authenticate(ctx);
        if (!auditors.contains(caller)) {
            throw ApiException.forbidden(
                    "Forbidden",
                    "caller '" + caller + "' lacks the audit permission; grant it with audit.callers." + caller
                            + ".permissions=audit");
        }
    }

    private static ApiException keyNotFound(String key) {
        return ApiException.notFound("KeyNotFound", "the audit has seen no event about key '" + key + "'");
    }

    private static String keyName(Context ctx) {
        try {
            return KeyName.of(ctx.pathParam("name")).value();
        } catch (InvalidIdException e) {
            throw ApiException.badRequest("BadParameter", e.getMessage());
        }
    }

    private static String accountName(Context ctx) {
        try {
            return AccountName.of(ctx.pathParam("name")).value();
        } catch (InvalidIdException e) {
            throw ApiException.badRequest("BadParameter", e.getMessage());
        }
    }

    private Instant[] range(Context ctx) {
        Instant to = instant(ctx, "to", clock.instant());
        Instant from = instant(ctx, "from", to.minus(DEFAULT_PERIOD));
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("BadParameter", "'from' must be before 'to'");
        }
        return new Instant[] {from, to};
    }

    private static Instant instant(Context ctx, String name, Instant otherwise) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(value.trim()).toInstant();
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest(
                        "BadParameter", "'" + name + "' must be an ISO-8601 time such as 2026-01-31T13:00:00Z");
            }
        }
    }

    private static Granularity granularity(Context ctx) {
        String value = ctx.queryParam("granularity");
        if (value == null || value.isBlank()) {
            return Granularity.MINUTE;
        }
        try {
            return Granularity.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("BadParameter", "'granularity' must be minute or hour");
        }
    }

    private static int limit(Context ctx) {
        int limit = number(ctx, "limit", DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("BadParameter", "'limit' must be from 1 to " + MAX_LIMIT);
        }
        return limit;
    }

    private static int cursor(Context ctx) {
        int cursor = number(ctx, "cursor", 0);
        if (cursor < 0) {
            throw ApiException.badRequest("BadParameter", "'cursor' must be a value from a nextLink");
        }
        return cursor;
    }

    private static int number(Context ctx, String name, int otherwise) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("BadParameter", "'" + name + "' must be a whole number");
        }
    }

    /** The same query with the cursor moved on; relative, so it works against any instance. */
    private static String link(Context ctx, int nextOffset, int limit) {
        StringBuilder link = new StringBuilder(ctx.path()).append('?');
        ctx.queryParamMap().forEach((name, values) -> {
            if (!name.equals("cursor") && !name.equals("limit")) {
                values.forEach(value -> link.append(encode(name))
                        .append('=')
                        .append(encode(value))
                        .append('&'));
            }
        });
        return link.append("limit=")
                .append(limit)
                .append("&cursor=")
                .append(nextOffset)
                .toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
