package io.rekey.vault.keys;

import io.rekey.service.http.ApiException;

/** Stable refusals of the key aggregate, as the API reports them. */
public final class KeyRejected {
    private KeyRejected() {}

    public static ApiException keyNotFound(Object key) {
        return ApiException.notFound("KeyNotFound", "key '" + key + "' does not exist; check the name, or list keys");
    }

    public static ApiException versionNotFound(Object key, Object version) {
        return ApiException.notFound(
                "VersionNotFound", "key '" + key + "' has no version '" + version + "'; list its versions");
    }

    public static ApiException deletedKeyNotFound(Object key) {
        return ApiException.notFound(
                "KeyNotFound", "no deleted key named '" + key + "'; list deleted keys to see what can be recovered");
    }

    public static ApiException deletedButRecoverable(Object key) {
        return ApiException.conflict(
                "Conflict",
                "key '" + key + "' is deleted but recoverable; recover or purge it before reusing the name");
    }

    public static ApiException badParameter(String message) {
        return ApiException.badRequest("BadParameter", message);
    }
}
