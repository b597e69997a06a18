package io.rekey.events.key;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekey.events.Require;

/**
 * The public half of an RSA key as a JSON Web Key: type, modulus and exponent in base64url. Only public parts exist
 * here, so a public event can never carry a private exponent by accident.
 */
public record PublicJwk(
        @JsonProperty(value = "kid", required = true) String kid,
        @JsonProperty(value = "kty", required = true) String kty,
        @JsonProperty(value = "n", required = true) String n,
        @JsonProperty(value = "e", required = true) String e) {

    public PublicJwk {
        Require.text("kid", kid);
        Require.text("kty", kty);
        Require.base64Url("n", n);
        Require.base64Url("e", e);
    }
}
