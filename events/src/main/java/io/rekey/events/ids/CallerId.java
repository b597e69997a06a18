package io.rekey.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** Who called a service: a configured caller name, never the caller's token. */
public record CallerId(String value) implements Comparable<CallerId> {
    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public CallerId {
        Ids.require("caller id", value, RULE, "use 1 to 64 letters, digits, dots, dashes and underscores");
    }

    public static CallerId of(String value) {
        return new CallerId(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(CallerId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
