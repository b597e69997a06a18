package io.rekey.events.usage;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekey.events.EventData;
import io.rekey.events.Require;
import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import java.time.Instant;

/**
 * One use of a key, or one refusal to use it, published on {@code vault.key-usage}. The version is absent when the
 * request named no version that exists; the error code is present when the outcome is not a success.
 */
public record KeyUsed(
        @JsonProperty(value = "key", required = true) KeyName key,
        @JsonProperty("version") KeyVersion version,
        @JsonProperty(value = "operation", required = true) KeyOperation operation,
        @JsonProperty("algorithm") String algorithm,
        @JsonProperty(value = "caller", required = true) CallerId caller,
        @JsonProperty(value = "outcome", required = true) UsageOutcome outcome,
        @JsonProperty("errorCode") String errorCode,
        @JsonProperty(value = "at", required = true) Instant at)
        implements EventData {

    public KeyUsed {
        Require.present("key", key);
        Require.present("operation", operation);
        Require.present("caller", caller);
        Require.present("outcome", outcome);
        Require.present("at", at);
    }

    @Override
    public String subject() {
        return key.value();
    }
}
