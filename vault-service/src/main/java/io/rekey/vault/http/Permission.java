package io.rekey.vault.http;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** An operation a caller may be granted on keys. */
public enum Permission {
    GET,
    LIST,
    CREATE,
    IMPORT,
    UPDATE,
    ROTATE,
    WRAP,
    UNWRAP,
    DELETE,
    RECOVER,
    PURGE,
    REVOKE,
    /** Sees who may do what with a key. */
    ADMIN;

    public static Optional<Permission> parse(String name) {
        return Arrays.stream(values())
                .filter(p -> p.name().equalsIgnoreCase(name.trim()))
                .findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Permission::lowerName).toList();
    }

    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
