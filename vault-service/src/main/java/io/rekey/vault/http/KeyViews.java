package io.rekey.vault.http;

import io.rekey.vault.keys.KeyState;
import io.rekey.vault.keys.RotationPolicy;
import io.rekey.vault.keys.VersionState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Renders keys in the cloud key vault's JSON shapes: key bundles with a public JSON Web Key, attributes with times in
 * epoch seconds, list items, deleted-key bundles and rotation policies.
 */
final class KeyViews {
    private final Supplier<String> baseUrl;
    private final Duration retention;

    KeyViews(Supplier<String> baseUrl, Duration retention) {
        this.baseUrl = baseUrl;
        this.retention = retention;
    }

    String kid(KeyState key, VersionState version) {
        return baseUrl.get() + "/keys/" + key.name().value() + "/"
                + version.version().value();
    }

    Map<String, Object> bundle(KeyState key, VersionState version) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kid", kid(key, version));
        jwk.put("kty", version.kty());
        jwk.put("key_ops", version.keyOps());
        jwk.put("n", version.material().modulusBase64Url());
        jwk.put("e", version.material().exponentBase64Url());
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("key", jwk);
        bundle.put("attributes", attributes(version));
        bundle.put("tags", version.tags());
        return bundle;
    }

    Map<String, Object> deletedBundle(KeyState key) {
        Map<String, Object> bundle = bundle(key, key.current());
        addDeletion(bundle, key);
        return bundle;
    }

    Map<String, Object> keyItem(KeyState key) {
        VersionState current = key.current();
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("kid", baseUrl.get() + "/keys/" + key.name().value());
        item.put("attributes", attributes(current));
        item.put("tags", current.tags());
        return item;
    }

    Map<String, Object> versionItem(KeyState key, VersionState version) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("kid", kid(key, version));
        item.put("attributes", attributes(version));
        item.put("tags", version.tags());
        return item;
    }

    Map<String, Object> deletedItem(KeyState key) {
        Map<String, Object> item = keyItem(key);
        addDeletion(item, key);
        return item;
    }

    static Map<String, Object> page(List<Map<String, Object>> items) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("value", items);
        page.put("nextLink", null);
        return page;
    }

    Map<String, Object> rotationPolicy(KeyState key) {
        RotationPolicy policy = key.rotationPolicy();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", baseUrl.get() + "/keys/" + key.name().value() + "/rotationpolicy");
        List<Map<String, Object>> actions = new ArrayList<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (policy != null) {
            for (RotationPolicy.LifetimeAction action : policy.lifetimeActions()) {
                Map<String, Object> trigger = new LinkedHashMap<>();
                if (action.timeAfterCreate() != null) {
                    trigger.put("timeAfterCreate", action.timeAfterCreate());
                }
                if (action.timeBeforeExpiry() != null) {
                    trigger.put("timeBeforeExpiry", action.timeBeforeExpiry());
                }
                actions.add(Map.of("trigger", trigger, "action", Map.of("type", action.type())));
            }
            if (policy.expiryTime() != null) {
                attributes.put("expiryTime", policy.expiryTime());
            }
            attributes.put("created", seconds(policy.created()));
            attributes.put("updated", seconds(policy.updated()));
        }
        view.put("lifetimeActions", actions);
        view.put("attributes", attributes);
        return view;
    }

    private void addDeletion(Map<String, Object> view, KeyState key) {
        view.put("recoveryId", baseUrl.get() + "/deletedkeys/" + key.name().value());
        view.put("deletedDate", seconds(key.deletedAt()));
        view.put("scheduledPurgeDate", seconds(key.scheduledPurge()));
    }

    private Map<String, Object> attributes(VersionState version) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("enabled", version.enabled());
        if (version.notBefore() != null) {
            attributes.put("nbf", seconds(version.notBefore()));
        }
        if (version.expires() != null) {
            attributes.put("exp", seconds(version.expires()));
        }
        attributes.put("created", seconds(version.created()));
        attributes.put("updated", seconds(version.updated()));
        attributes.put(
                "recoveryLevel",
                retention.toDays() >= 90 ? "Recoverable+Purgeable" : "CustomizedRecoverable+Purgeable");
        attributes.put("recoverableDays", Math.max(1, retention.toDays()));
        attributes.put("exportable", false);
        return attributes;
    }

    private static Long seconds(Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }
}
