package io.rekey.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** The name of a vault key: 1 to 127 letters, digits and dashes, as a cloud key vault allows. */
public record KeyName(String value) implements Comparable<KeyName> {
    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9-]{1,127}");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public KeyName {
        Ids.require("key name", value, RULE, "use 1 to 127 letters, digits and dashes");
    }

    public static KeyName of(String value) {
        return new KeyName(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(KeyName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
