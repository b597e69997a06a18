package io.rekey.events.ids;

import java.util.regex.Pattern;

/** Shared validation for the typed identifiers, so each one fails with the same kind of readable message. */
final class Ids {
    private Ids() {}

    static String require(String kind, String value, Pattern pattern, String rule) {
        if (value == null || value.isEmpty()) {
            throw new InvalidIdException(kind + " is required; " + rule);
        }
        if (!pattern.matcher(value).matches()) {
            throw new InvalidIdException(kind + " '" + printable(value) + "' is not valid; " + rule);
        }
        return value;
    }

    /** Keeps control characters and very long input out of error messages and logs. */
    static String printable(String value) {
        String clipped = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return clipped.replaceAll("\\p{Cntrl}", "?");
    }
}
