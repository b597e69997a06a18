package io.rekey.vault.http;

import io.javalin.http.Context;
import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.usage.KeyOperation;
import io.rekey.events.usage.KeyUsed;
import io.rekey.events.usage.UsageOutcome;
import io.rekey.service.http.ApiException;
import io.rekey.vault.crypto.RsaCrypto;
import io.rekey.vault.crypto.UnwrapFailedException;
import io.rekey.vault.crypto.WrapAlgorithm;
import io.rekey.vault.keys.KeyRejected;
import io.rekey.vault.keys.KeyState;
import io.rekey.vault.keys.VersionState;
import io.rekey.vault.store.KeyStore;
import io.rekey.vault.usage.UsageRecorder;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code wrapkey} and {@code unwrapkey}: the hot path. It takes no lock: it reads the key's immutable state, checks
 * that this caller may use this version now, runs RSA-OAEP on the JDK, and hands a usage record to the asynchronous
 * recorder. Every outcome, refusals included, yields exactly one usage record.
 */
public final class WrapOperations {
    private static final CallerId ANONYMOUS = CallerId.of("anonymous");

    private final KeyStore store;
    private final Access access;
    private final UsageRecorder usage;
    private final Supplier<String> baseUrl;
    private final Clock clock;

    public WrapOperations(KeyStore store, Access access, UsageRecorder usage, Supplier<String> baseUrl, Clock clock) {
        this.store = store;
        this.access = access;
        this.usage = usage;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    void wrap(Context ctx, String versionText) {
        run(ctx, versionText, KeyOperation.WRAP);
    }

    void unwrap(Context ctx, String versionText) {
        run(ctx, versionText, KeyOperation.UNWRAP);
    }

    private void run(Context ctx, String versionText, KeyOperation operation) {
        KeyName name = KeyName.of(ctx.pathParam("name"));
        Attempt attempt = new Attempt(name, operation);
        try {
            attempt.caller = access.authenticate(ctx);
            access.require(attempt.caller, operation == KeyOperation.WRAP ? Permission.WRAP : Permission.UNWRAP);
            KeyState state =
                    store.find(name).filter(KeyState::isActive).orElseThrow(() -> KeyRejected.keyNotFound(name));
            VersionState version = versionText == null || versionText.isEmpty()
                    ? state.current()
                    : KeysApi.version(state, versionText);
            attempt.version = version.version();
            Instant now = clock.instant();
            checkUsable(state, version, attempt.caller, operation, now);
            RequestJson body = RequestJson.of(ctx);
            WrapAlgorithm algorithm = algorithm(body.requireText("alg"));
            attempt.algorithm = algorithm.jwaName();
            byte[] input = body.base64Url("value");
            byte[] output = operation == KeyOperation.WRAP
                    ? wrap(version, algorithm, input)
                    : unwrap(version, algorithm, input);
            String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(output);
            // The plaintext side of either operation is a caller's key: keep no copy beyond the response text.
            Arrays.fill(output, (byte) 0);
            Arrays.fill(input, (byte) 0);
            record(attempt, UsageOutcome.SUCCEEDED, null, now);
            ctx.json(Map.of(
                    "kid",
                    baseUrl.get() + "/keys/" + name.value() + "/"
                            + version.version().value(),
                    "value",
                    encoded));
        } catch (ApiException e) {
            UsageOutcome outcome = e.status() == 401 || e.status() == 403 || e.status() == 404
                    ? UsageOutcome.DENIED
                    : UsageOutcome.FAILED;
            if (!"Fenced".equals(e.code())) {
                record(attempt, outcome, e.code(), clock.instant());
            }
            throw e;
        }
    }

    private static byte[] wrap(VersionState version, WrapAlgorithm algorithm, byte[] plaintext) {
        try {
            return RsaCrypto.wrap(version.material(), algorithm, plaintext);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("BadParameter", e.getMessage());
        }
    }

    private static byte[] unwrap(VersionState version, WrapAlgorithm algorithm, byte[] ciphertext) {
        if (ciphertext.length != version.material().modulusBytes()) {
            throw ApiException.badRequest(
                    "InvalidCiphertext",
                    "the value has " + ciphertext.length + " bytes; a value wrapped by this " + version.keySize()
                            + "-bit key has " + version.material().modulusBytes());
        }
        try {
            return RsaCrypto.unwrap(version.material(), algorithm, ciphertext);
        } catch (UnwrapFailedException e) {
            throw ApiException.badRequest(
                    "InvalidCiphertext", e.getMessage() + "; check the key version and algorithm it was wrapped with");
        }
    }

    /** Refuses use of a version that is revoked, disabled, not yet valid, expired (wrap only) or not for this op. */
    static void checkUsable(
            KeyState state, VersionState version, CallerId caller, KeyOperation operation, Instant now) {
        if (state.isRevokedFor(caller)) {
            throw ApiException.forbidden(
                    "AccessRevoked", "caller '" + caller + "' had its access to key '" + state.name() + "' revoked");
        }
        if (state.revoked()) {
            throw ApiException.forbidden(
                    "KeyDisabled", "key '" + state.name() + "' is revoked; reinstate it to use it");
        }
        if (!version.enabled()) {
            throw ApiException.forbidden(
                    "KeyDisabled",
                    "version " + version.version() + " of key '" + state.name() + "' is disabled; enable it to use it");
        }
        if (version.notBefore() != null && now.isBefore(version.notBefore())) {
            throw ApiException.forbidden(
                    "KeyNotYetValid",
                    "version " + version.version() + " may not be used before " + version.notBefore());
        }
        if (operation == KeyOperation.WRAP && version.expires() != null && !now.isBefore(version.expires())) {
            throw ApiException.forbidden(
                    "KeyExpired",
                    "version " + version.version() + " expired at " + version.expires()
                            + "; wrap with the current version, or extend its expiry");
        }
        String op = operation == KeyOperation.WRAP ? "wrapKey" : "unwrapKey";
        if (!version.keyOps().contains(op)) {
            throw ApiException.forbidden(
                    "OperationNotAllowed",
                    "version " + version.version() + " does not permit " + op + "; its key_ops are "
                            + version.keyOps());
        }
    }

    private static WrapAlgorithm algorithm(String name) {
        if (name.equals("RSA1_5")) {
            throw ApiException.badRequest(
                    "UnsupportedAlgorithm",
                    "RSA1_5 is refused: PKCS#1 v1.5 padding is open to padding-oracle attacks; use RSA-OAEP-256");
        }
        return WrapAlgorithm.fromJwaName(name)
                .orElseThrow(() -> ApiException.badRequest(
                        "UnsupportedAlgorithm",
                        "algorithm '" + KeysApi.printable(name) + "' is not offered; use RSA-OAEP-256 or RSA-OAEP"));
    }

    private void record(Attempt attempt, UsageOutcome outcome, String errorCode, Instant at) {
        usage.record(new KeyUsed(
                attempt.name,
                attempt.version,
                attempt.operation,
                attempt.algorithm,
                attempt.caller == null ? ANONYMOUS : attempt.caller,
                outcome,
                errorCode,
                at));
    }

    /** What is known about a request so far, for its usage record. */
    private static final class Attempt {
        final KeyName name;
        final KeyOperation operation;
        CallerId caller;
        KeyVersion version;
        String algorithm;

        Attempt(KeyName name, KeyOperation operation) {
            this.name = name;
            this.operation = operation;
        }
    }
}
