package io.rekey.service.auth;

import io.javalin.http.Context;
import io.rekey.events.ids.CallerId;
import io.rekey.service.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Maps bearer tokens to callers. Tokens are held only as SHA-256 digests, so a heap dump or a log line holds no usable
 * token, and lookups do not leak through timing on a string comparison.
 */
public final class BearerAuth {
    public static final String CALLER_ATTRIBUTE = "rekey.caller";

    private final Map<String, CallerId> callersByTokenDigest;
    private final String challenge;

    /**
     * @param tokens each caller's token
     * @param challenge the {@code WWW-Authenticate} value sent with a 401
     */
    public BearerAuth(Map<CallerId, Secret> tokens, String challenge) {
        Map<String, CallerId> byDigest = new HashMap<>();
        tokens.forEach((caller, token) -> byDigest.put(digest(token.reveal()), caller));
        this.callersByTokenDigest = Map.copyOf(byDigest);
        this.challenge = challenge;
    }

    public static BearerAuth withRealm(Map<CallerId, Secret> tokens, String realm) {
        return new BearerAuth(tokens, "Bearer realm=\"" + realm + "\"");
    }

    /** The caller the request's token belongs to, or a 401 with the challenge. */
    public CallerId authenticate(Context ctx) {
        CallerId caller = ctx.attribute(CALLER_ATTRIBUTE);
        if (caller != null) {
            return caller;
        }
        CallerId found = callerOf(ctx.header("Authorization")).orElseThrow(() -> {
            ctx.header("WWW-Authenticate", challenge);
            return new ApiException(
                    401,
                    "Unauthorized",
                    "send 'Authorization: Bearer <token>' with a token configured for this service");
        });
        ctx.attribute(CALLER_ATTRIBUTE, found);
        return found;
    }

    public Optional<CallerId> callerOf(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = authorizationHeader.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.ofNullable(callersByTokenDigest.get(digest(token)));
    }

    private static String digest(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JDK", e);
        }
    }
}
