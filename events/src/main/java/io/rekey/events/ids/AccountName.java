package io.rekey.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** A storage account: 3 to 24 lowercase letters and digits, as cloud storage account names are. */
public record AccountName(String value) implements Comparable<AccountName> {
    private static final Pattern RULE = Pattern.compile("[a-z0-9]{3,24}");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public AccountName {
        Ids.require("account name", value, RULE, "use 3 to 24 lowercase letters and digits");
    }

    public static AccountName of(String value) {
        return new AccountName(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(AccountName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
