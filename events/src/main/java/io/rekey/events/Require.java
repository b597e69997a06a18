package io.rekey.events;

import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.key.RevocationScope;
import java.util.regex.Pattern;

/** Constructor checks for event records: each failure names the field, so a bad record is easy to trace. */
public final class Require {
    private static final Pattern BASE64_URL = Pattern.compile("[A-Za-z0-9_-]+");

    private Require() {}

    public static <T> T present(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException("field '" + field + "' is required");
        }
        return value;
    }

    public static String text(String field, String value) {
        if (present(field, value).isBlank()) {
            throw new IllegalArgumentException("field '" + field + "' must not be blank");
        }
        return value;
    }

    public static String base64Url(String field, String value) {
        if (!BASE64_URL.matcher(present(field, value)).matches()) {
            throw new IllegalArgumentException("field '" + field + "' must be unpadded base64url");
        }
        return value;
    }

    public static int positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("field '" + field + "' must be positive");
        }
        return value;
    }

    public static long notNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("field '" + field + "' must not be negative");
        }
        return value;
    }

    /** A scoped revocation names exactly the target its scope needs: a version, a caller, or neither. */
    public static void scopeTarget(RevocationScope scope, KeyVersion version, CallerId caller) {
        present("scope", scope);
        boolean fits = switch (scope) {
            case KEY -> version == null && caller == null;
            case VERSION -> version != null && caller == null;
            case CALLER -> caller != null && version == null;
        };
        if (!fits) {
            throw new IllegalArgumentException("scope " + scope + " needs "
                    + switch (scope) {
                        case KEY -> "neither 'version' nor 'caller'";
                        case VERSION -> "a 'version' and no 'caller'";
                        case CALLER -> "a 'caller' and no 'version'";
                    });
        }
    }
}
