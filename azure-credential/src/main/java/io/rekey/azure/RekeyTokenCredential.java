package io.rekey.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Gives the Azure SDK clients ({@code KeyClient}, {@code CryptographyClient}, ...) a Rekey vault bearer token, the
 * value of {@code vault.callers.<id>.token} for the caller the application acts as. Rekey tokens do not expire; each
 * one is handed out with an hour's lifetime, so the SDK asks again hourly and a token read from a file or the
 * environment can be replaced without restarting the application.
 *
 * <p>The requested scopes are not checked: the SDK derives them from the vault's challenge, and the vault checks the
 * token.
 */
public final class RekeyTokenCredential implements TokenCredential {
    /** The environment variable {@link #fromEnvironment()} reads. */
    public static final String TOKEN_VARIABLE = "REKEY_VAULT_TOKEN";

    static final Duration LIFETIME = Duration.ofHours(1);

    private final Supplier<String> token;
    private final String description;

    private RekeyTokenCredential(Supplier<String> token, String description) {
        this.token = token;
        this.description = description;
    }

    /** A credential for one fixed token. */
    public static RekeyTokenCredential of(String token) {
        String checked = requireToken(token, "the token given");
        return new RekeyTokenCredential(() -> checked, "a fixed token");
    }

    /** A credential reading {@value #TOKEN_VARIABLE} each time the SDK asks for a token. */
    public static RekeyTokenCredential fromEnvironment() {
        return new RekeyTokenCredential(
                () -> requireToken(System.getenv(TOKEN_VARIABLE), "environment variable " + TOKEN_VARIABLE),
                "environment variable " + TOKEN_VARIABLE);
    }

    /** A credential reading the token from the first line of {@code file} each time the SDK asks for a token. */
    public static RekeyTokenCredential fromFile(Path file) {
        Objects.requireNonNull(file, "file");
        return new RekeyTokenCredential(() -> requireToken(firstLine(file), "file " + file), "file " + file);
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromSupplier(() -> getTokenSync(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        return new AccessToken(token.get(), OffsetDateTime.now(ZoneOffset.UTC).plus(LIFETIME));
    }

    private static String requireToken(String token, String from) {
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("no Rekey vault token in " + from
                    + "; give it the value of vault.callers.<id>.token for the caller this application acts as");
        }
        return token.trim();
    }

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .findFirst()
                    .orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException("the Rekey vault token file " + file + " could not be read", e);
        }
    }

    @Override
    public String toString() {
        return "RekeyTokenCredential{from " + description + "}";
    }
}
