package io.rekey.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** One version of a vault key: 32 lowercase hex characters, the form a cloud key vault uses in key ids. */
public record KeyVersion(String value) {
    private static final Pattern RULE = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public KeyVersion {
        Ids.require("key version", value, RULE, "use the 32 lowercase hex characters of a version id");
    }

    public static KeyVersion of(String value) {
        return new KeyVersion(value);
    }

    public static KeyVersion random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return new KeyVersion(HexFormat.of().formatHex(bytes));
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
