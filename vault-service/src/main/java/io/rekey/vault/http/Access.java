package io.rekey.vault.http;

import io.javalin.http.Context;
import io.rekey.events.ids.CallerId;
import io.rekey.service.auth.BearerAuth;
import io.rekey.service.auth.Secret;
import io.rekey.service.http.ApiException;
import io.rekey.vault.store.KeyStore;
import java.util.Map;
import java.util.Set;

/** Who is calling and what they may do: bearer token to caller, then the caller's configured permissions. */
public final class Access {
    private final Map<CallerId, Secret> tokens;
    private final Map<CallerId, Set<Permission>> permissions;
    private final KeyStore store;
    private volatile BearerAuth auth;

    public Access(Map<CallerId, Secret> tokens, Map<CallerId, Set<Permission>> permissions, KeyStore store) {
        this.tokens = Map.copyOf(tokens);
        this.permissions = Map.copyOf(permissions);
        this.store = store;
    }

    /** Sets the {@code WWW-Authenticate} challenge, once the vault's public URL is known. */
    public void useChallenge(String challenge) {
        this.auth = new BearerAuth(tokens, challenge);
    }

    /**
     * The authenticated caller. An instance that was fenced refuses everything past this point, as its view of the
     * keys may be stale.
     */
    CallerId authenticate(Context ctx) {
        BearerAuth current = auth;
        if (current == null) {
            throw ApiException.unavailable("ServiceUnavailable", "the vault is starting; retry", 1);
        }
        CallerId caller = current.authenticate(ctx);
        store.requireWritable();
        return caller;
    }

    void require(CallerId caller, Permission permission) {
        if (!permissions.getOrDefault(caller, Set.of()).contains(permission)) {
            throw ApiException.forbidden(
                    "Forbidden",
                    "caller '" + caller + "' lacks the '" + permission.lowerName()
                            + "' permission; grant it in vault.callers." + caller + ".permissions");
        }
    }

    Map<CallerId, Set<Permission>> permissions() {
        return permissions;
    }
}
