package io.rekey.vault.http;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.InvalidIdException;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.key.KeyOrigin;
import io.rekey.events.key.RevocationScope;
import io.rekey.events.key.RotationTrigger;
import io.rekey.events.signing.SigningKeys;
import io.rekey.service.http.ApiException;
import io.rekey.vault.crypto.InvalidKeyMaterialException;
import io.rekey.vault.crypto.KeyBytes;
import io.rekey.vault.crypto.KeyMaterial;
import io.rekey.vault.crypto.RsaCrypto;
import io.rekey.vault.keys.KeyCommand;
import io.rekey.vault.keys.KeyRejected;
import io.rekey.vault.keys.KeyState;
import io.rekey.vault.keys.RotationPolicy;
import io.rekey.vault.keys.VersionState;
import io.rekey.vault.store.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The keys part of the cloud key vault REST API, plus Rekey's revoke, reinstate and access endpoints. Every handler
 * authenticates, checks the caller's permission, then acts; state changes go through the {@link KeyStore}, which
 * answers only after the Kafka transaction committed.
 */
public final class KeysApi {
    static final List<String> ALL_KEY_OPS = List.of("encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey");
    private static final Set<String> KNOWN_KEY_OPS =
            Set.of("encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey", "import", "export");

    private final KeyStore store;
    private final Access access;
    private final KeyViews views;
    private final Duration retention;
    private final SigningKeys signingKeys;
    private final WrapOperations wrapOperations;
    private final Clock clock;

    public KeysApi(
            KeyStore store,
            Access access,
            Supplier<String> baseUrl,
            Duration retention,
            SigningKeys signingKeys,
            WrapOperations wrapOperations,
            Clock clock) {
        this.store = store;
        this.access = access;
        this.views = new KeyViews(baseUrl, retention);
        this.retention = retention;
        this.signingKeys = signingKeys;
        this.wrapOperations = wrapOperations;
        this.clock = clock;
    }

    /** Registers the routes; literal paths come before parameter paths that could also match them. */
    public void register(JavalinDefaultRoutingApi routes) {
        routes.exception(
                InvalidIdException.class,
                (e, ctx) -> io.rekey.service.http.HttpService.respond(
                        ctx, ApiException.badRequest("BadParameter", e.getMessage())));
        routes.before(KeysApi::requestIds);
        routes.get("/signingkey", this::signingKey);
        routes.get("/keys", this::listKeys);
        routes.get("/deletedkeys", this::listDeleted);
        routes.get("/deletedkeys/{name}", this::getDeleted);
        routes.post("/deletedkeys/{name}/recover", this::recover);
        routes.delete("/deletedkeys/{name}", this::purge);
        routes.post("/keys/{name}/create", this::create);
        routes.put("/keys/{name}", this::importKey);
        routes.get("/keys/{name}", this::getLatest);
        routes.delete("/keys/{name}", this::delete);
        routes.get("/keys/{name}/versions", this::listVersions);
        routes.get("/keys/{name}/rotationpolicy", this::getPolicy);
        routes.put("/keys/{name}/rotationpolicy", this::putPolicy);
        routes.get("/keys/{name}/access", this::access);
        routes.post("/keys/{name}/rotate", this::rotate);
        routes.post("/keys/{name}/revoke", ctx -> revocation(ctx, true));
        routes.post("/keys/{name}/reinstate", ctx -> revocation(ctx, false));
        routes.post("/keys/{name}/wrapkey", ctx -> wrapOperations.wrap(ctx, null));
        routes.post("/keys/{name}/unwrapkey", ctx -> wrapOperations.unwrap(ctx, null));
        routes.patch("/keys/{name}", ctx -> update(ctx, null));
        routes.get("/keys/{name}/{version}", this::getVersion);
        routes.patch("/keys/{name}/{version}", ctx -> update(ctx, ctx.pathParam("version")));
        routes.post("/keys/{name}/{version}/wrapkey", ctx -> wrapOperations.wrap(ctx, ctx.pathParam("version")));
        routes.post("/keys/{name}/{version}/unwrapkey", ctx -> wrapOperations.unwrap(ctx, ctx.pathParam("version")));
    }

    /**
     * Gives every answer an {@code x-ms-request-id} and echoes a client's {@code x-ms-client-request-id}, as the cloud
     * vault does; the SDKs log both, which lets a client-side log line be matched to a request.
     */
    private static void requestIds(Context ctx) {
        ctx.header("x-ms-request-id", UUID.randomUUID().toString());
        String clientRequestId = ctx.header("x-ms-client-request-id");
        if (clientRequestId != null && clientRequestId.matches("[A-Za-z0-9._-]{1,64}")) {
            ctx.header("x-ms-client-request-id", clientRequestId);
        }
    }

    private CallerId caller(Context ctx, Permission permission) {
        CallerId caller = access.authenticate(ctx);
        access.require(caller, permission);
        return caller;
    }

    private void signingKey(Context ctx) {
        ctx.json(Map.of("keyId", signingKeys.keyId(), "publicKey", signingKeys.publicKeyText()));
    }

    private void create(Context ctx) {
        caller(ctx, Permission.CREATE);
        KeyName name = KeyName.of(ctx.pathParam("name"));
        RequestJson body = RequestJson.of(ctx);
        String kty = kty(body.requireText("kty"));
        int keySize = body.has("key_size") ? body.integer("key_size") : 2048;
        if (!RsaCrypto.KEY_SIZES.contains(keySize)) {
            throw RequestJson.bad("'key_size' " + keySize + " is not offered; use 2048, 3072 or 4096");
        }
        // The Java SDK sends 0 when the caller chose no exponent; like the cloud vault, that means the default.
        Integer exponent = body.integer("public_exponent");
        if (exponent != null && exponent != 0 && exponent != 65537) {
            throw RequestJson.bad("'public_exponent' must be 65537");
        }
        List<String> keyOps = keyOps(body.textList("key_ops"));
        RequestJson attributes = attributesOf(body);
        KeyMaterial material = RsaCrypto.generate(keySize);
        KeyState state =
                store.execute(createCommand(name, kty, keyOps, attributes, body, KeyOrigin.GENERATED, material));
        ctx.json(views.bundle(state, state.current()));
    }

    private void importKey(Context ctx) {
        caller(ctx, Permission.IMPORT);
        KeyName name = KeyName.of(ctx.pathParam("name"));
        RequestJson body = RequestJson.of(ctx);
        RequestJson jwk = body.object("key");
        if (jwk == null) {
            throw RequestJson.bad("'key' is required: a JSON Web Key with n, e, d, p, q, dp, dq and qi");
        }
        String kty = kty(jwk.requireText("kty"));
        for (String part : List.of("d", "p", "q", "dp", "dq", "qi")) {
            if (!jwk.has(part)) {
                throw RequestJson.bad("'key." + part + "' is required: import needs the private parts of the key");
            }
        }
        KeyMaterial material;
        try {
            material = KeyBytes.fromJwkParts(new KeyBytes.JwkParts(
                    jwk.unsignedInteger("n"),
                    jwk.unsignedInteger("e"),
                    jwk.unsignedInteger("d"),
                    jwk.unsignedInteger("p"),
                    jwk.unsignedInteger("q"),
                    jwk.unsignedInteger("dp"),
                    jwk.unsignedInteger("dq"),
                    jwk.unsignedInteger("qi")));
            if (!RsaCrypto.KEY_SIZES.contains(material.keySize())) {
                throw RequestJson.bad(
                        "the imported key has " + material.keySize() + " bits; import a 2048, 3072 or 4096-bit key");
            }
            RsaCrypto.checkPair(material);
        } catch (InvalidKeyMaterialException e) {
            throw RequestJson.bad(e.getMessage());
        }
        List<String> keyOps = keyOps(jwk.textList("key_ops"));
        RequestJson attributes = attributesOf(body);
        KeyState state =
                store.execute(createCommand(name, kty, keyOps, attributes, body, KeyOrigin.IMPORTED, material));
        ctx.json(views.bundle(state, state.current()));
    }

    private static KeyCommand.CreateKey createCommand(
            KeyName name,
            String kty,
            List<String> keyOps,
            RequestJson attributes,
            RequestJson body,
            KeyOrigin origin,
            KeyMaterial material) {
        Boolean enabled = attributes.bool("enabled");
        Map<String, String> tags = body.textMap("tags");
        return new KeyCommand.CreateKey(
                name,
                kty,
                keyOps,
                enabled == null || enabled,
                attributes.epochSeconds("nbf"),
                attributes.epochSeconds("exp"),
                tags == null ? Map.of() : tags,
                origin,
                material);
    }

    private static RequestJson attributesOf(RequestJson body) {
        RequestJson attributes = body.object("attributes");
        return attributes == null ? RequestJson.empty() : attributes;
    }

    private static String kty(String kty) {
        if (!kty.equals("RSA") && !kty.equals("RSA-HSM")) {
            throw RequestJson.bad("'kty' " + printable(kty) + " is not offered; this vault holds RSA keys only");
        }
        return kty;
    }

    private static List<String> keyOps(List<String> requested) {
        if (requested == null) {
            return ALL_KEY_OPS;
        }
        for (String op : requested) {
            if (!KNOWN_KEY_OPS.contains(op)) {
                throw RequestJson.bad("'key_ops' names '" + printable(op) + "', which is not a JSON Web Key operation");
            }
        }
        return List.copyOf(requested);
    }

    private void getLatest(Context ctx) {
        caller(ctx, Permission.GET);
        KeyState state = active(ctx);
        ctx.json(views.bundle(state, state.current()));
    }

    private void getVersion(Context ctx) {
        caller(ctx, Permission.GET);
        KeyState state = active(ctx);
        ctx.json(views.bundle(state, version(state, ctx.pathParam("version"))));
    }

    private void listKeys(Context ctx) {
        caller(ctx, Permission.LIST);
        List<Map<String, Object>> items = store.all().stream()
                .filter(KeyState::isActive)
                .sorted(Comparator.comparing(KeyState::name))
                .map(views::keyItem)
                .toList();
        ctx.json(KeyViews.page(items));
    }

    private void listVersions(Context ctx) {
        caller(ctx, Permission.LIST);
        KeyState state = active(ctx);
        List<Map<String, Object>> items = new ArrayList<>();
        state.versions().values().forEach(v -> items.add(views.versionItem(state, v)));
        ctx.json(KeyViews.page(items));
    }

    private void update(Context ctx, String versionText) {
        caller(ctx, Permission.UPDATE);
        KeyState state = active(ctx);
        VersionState version =
                versionText == null || versionText.isEmpty() ? state.current() : version(state, versionText);
        RequestJson body = RequestJson.of(ctx);
        RequestJson attributes = attributesOf(body);
        List<String> keyOps = body.has("key_ops") ? keyOps(body.textList("key_ops")) : null;
        KeyState updated = store.execute(new KeyCommand.UpdateVersion(
                state.name(),
                version.version(),
                attributes.bool("enabled"),
                attributes.epochSeconds("nbf"),
                attributes.epochSeconds("exp"),
                body.textMap("tags"),
                keyOps));
        ctx.json(views.bundle(updated, updated.versions().get(version.version())));
    }

    private void rotate(Context ctx) {
        caller(ctx, Permission.ROTATE);
        KeyState state = active(ctx);
        KeyMaterial material = RsaCrypto.generate(state.current().keySize());
        KeyState rotated = store.execute(new KeyCommand.RotateKey(state.name(), RotationTrigger.API, material));
        ctx.json(views.bundle(rotated, rotated.current()));
    }

    private void getPolicy(Context ctx) {
        caller(ctx, Permission.GET);
        ctx.json(views.rotationPolicy(active(ctx)));
    }

    private void putPolicy(Context ctx) {
        caller(ctx, Permission.UPDATE);
        KeyState state = active(ctx);
        RequestJson body = RequestJson.of(ctx);
        List<RotationPolicy.LifetimeAction> actions = new ArrayList<>();
        List<RequestJson> requested = body.objectList("lifetimeActions");
        for (RequestJson action : requested == null ? List.<RequestJson>of() : requested) {
            actions.add(lifetimeAction(action));
        }
        RequestJson attributes = attributesOf(body);
        String expiryTime = attributes.text("expiryTime");
        if (expiryTime != null) {
            duration("attributes.expiryTime", expiryTime);
        }
        Instant now = clock.instant();
        Instant created =
                state.rotationPolicy() == null ? now : state.rotationPolicy().created();
        RotationPolicy policy = new RotationPolicy(actions, expiryTime, created, now);
        KeyState updated = store.execute(new KeyCommand.SetRotationPolicy(state.name(), policy));
        ctx.json(views.rotationPolicy(updated));
    }

    private static RotationPolicy.LifetimeAction lifetimeAction(RequestJson action) {
        RequestJson trigger = action.object("trigger");
        RequestJson what = action.object("action");
        if (trigger == null || what == null) {
            throw RequestJson.bad("each lifetime action needs a 'trigger' and an 'action'");
        }
        String type = what.requireText("type");
        if (!type.equalsIgnoreCase("rotate") && !type.equalsIgnoreCase("notify")) {
            throw RequestJson.bad("lifetime action type must be Rotate or Notify, not '" + printable(type) + "'");
        }
        String afterCreate = trigger.text("timeAfterCreate");
        String beforeExpiry = trigger.text("timeBeforeExpiry");
        if ((afterCreate == null) == (beforeExpiry == null)) {
            throw RequestJson.bad(
                    "a lifetime action trigger needs exactly one of timeAfterCreate and timeBeforeExpiry");
        }
        duration("trigger", afterCreate != null ? afterCreate : beforeExpiry);
        String normalisedType = type.substring(0, 1).toUpperCase(Locale.ROOT)
                + type.substring(1).toLowerCase(Locale.ROOT);
        return new RotationPolicy.LifetimeAction(normalisedType, afterCreate, beforeExpiry);
    }

    private static void duration(String field, String text) {
        try {
            RotationPolicy.parse(text);
        } catch (IllegalArgumentException e) {
            throw RequestJson.bad("'" + field + "': " + e.getMessage());
        }
    }

    private void revocation(Context ctx, boolean revoke) {
        caller(ctx, Permission.REVOKE);
        KeyState state = active(ctx);
        RequestJson body = RequestJson.of(ctx);
        String scopeText = body.requireText("scope");
        RevocationScope scope;
        try {
            scope = RevocationScope.valueOf(scopeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RequestJson.bad("'scope' must be key, version or caller");
        }
        KeyVersion version = null;
        CallerId target = null;
        if (scope == RevocationScope.VERSION) {
            version = version(state, body.requireText("version")).version();
        } else if (scope == RevocationScope.CALLER) {
            target = CallerId.of(body.requireText("caller"));
        }
        String reason = body.text("reason");
        KeyCommand command = revoke
                ? new KeyCommand.Revoke(state.name(), scope, version, target, reason == null ? "revoked" : reason)
                : new KeyCommand.Reinstate(state.name(), scope, version, target);
        KeyState updated = store.execute(command);
        ctx.json(accessView(updated));
    }

    private void access(Context ctx) {
        caller(ctx, Permission.ADMIN);
        ctx.json(accessView(active(ctx)));
    }

    private Map<String, Object> accessView(KeyState state) {
        List<Map<String, Object>> callers = new ArrayList<>();
        access.permissions().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("caller", entry.getKey().value());
                    view.put(
                            "permissions",
                            entry.getValue().stream()
                                    .map(Permission::lowerName)
                                    .sorted()
                                    .toList());
                    view.put("revoked", state.isRevokedFor(entry.getKey()));
                    callers.add(view);
                });
        Map<String, Object> versions = new LinkedHashMap<>();
        state.versions().values().forEach(v -> versions.put(v.version().value(), v.enabled()));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("key", state.name().value());
        view.put("revoked", state.revoked());
        view.put("versionsEnabled", versions);
        view.put("callers", callers);
        return view;
    }

    private void delete(Context ctx) {
        caller(ctx, Permission.DELETE);
        KeyState state = active(ctx);
        KeyState deleted = store.execute(new KeyCommand.DeleteKey(state.name(), retention));
        ctx.json(views.deletedBundle(deleted));
    }

    private void listDeleted(Context ctx) {
        caller(ctx, Permission.LIST);
        List<Map<String, Object>> items = store.all().stream()
                .filter(s -> s.exists() && s.isDeleted())
                .sorted(Comparator.comparing(KeyState::name))
                .map(views::deletedItem)
                .toList();
        ctx.json(KeyViews.page(items));
    }

    private void getDeleted(Context ctx) {
        caller(ctx, Permission.GET);
        ctx.json(views.deletedBundle(deleted(ctx)));
    }

    private void recover(Context ctx) {
        caller(ctx, Permission.RECOVER);
        KeyState recovered =
                store.execute(new KeyCommand.RecoverKey(deleted(ctx).name()));
        ctx.json(views.bundle(recovered, recovered.current()));
    }

    private void purge(Context ctx) {
        caller(ctx, Permission.PURGE);
        store.execute(new KeyCommand.PurgeKey(deleted(ctx).name()));
        ctx.status(204);
    }

    private KeyState active(Context ctx) {
        KeyName name = KeyName.of(ctx.pathParam("name"));
        return store.find(name).filter(KeyState::isActive).orElseThrow(() -> KeyRejected.keyNotFound(name));
    }

    private KeyState deleted(Context ctx) {
        KeyName name = KeyName.of(ctx.pathParam("name"));
        return store.find(name)
                .filter(s -> s.exists() && s.isDeleted())
                .orElseThrow(() -> KeyRejected.deletedKeyNotFound(name));
    }

    static VersionState version(KeyState state, String versionText) {
        KeyVersion version;
        try {
            version = KeyVersion.of(versionText);
        } catch (InvalidIdException e) {
            throw KeyRejected.versionNotFound(state.name(), printable(versionText));
        }
        return state.version(version).orElseThrow(() -> KeyRejected.versionNotFound(state.name(), version));
    }

    static String printable(String value) {
        String clipped = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return clipped.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
