package io.rekey.launcher.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rekey.events.serde.EventJson;
import io.rekey.service.auth.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The callers of a local system and their tokens: made once on the first start, kept in the data directory (readable
 * by its owner only) so that later starts, scripts, the CLI and tests use the same ones.
 */
public final class LocalCallers {
    /** Every operation on every service: the operator at the keyboard. */
    public static final String ADMIN = "admin";
    /** The storage service's own identity towards the vault: get, wrap and unwrap. */
    public static final String STORAGE = "storage";
    /** Read-only audit queries. */
    public static final String AUDITOR = "auditor";

    private static final String FILE_NAME = "callers.json";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Secret> tokens;

    private LocalCallers(Map<String, Secret> tokens) {
        this.tokens = Map.copyOf(tokens);
    }

    public static LocalCallers loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return read(file);
        }
        Map<String, Secret> tokens = new LinkedHashMap<>();
        for (String caller : new String[] {ADMIN, STORAGE, AUDITOR}) {
            tokens.put(caller, new Secret(newToken()));
        }
        LocalCallers callers = new LocalCallers(tokens);
        callers.write(file);
        return callers;
    }

    public Secret token(String caller) {
        Secret token = tokens.get(caller);
        if (token == null) {
            throw new IllegalArgumentException("no local caller named '" + caller + "'");
        }
        return token;
    }

    private static LocalCallers read(Path file) throws IOException {
        JsonNode tree = EventJson.mapper().readTree(file.toFile());
        Map<String, Secret> tokens = new LinkedHashMap<>();
        tree.fields()
                .forEachRemaining(entry ->
                        tokens.put(entry.getKey(), new Secret(entry.getValue().asText())));
        if (!tokens.containsKey(ADMIN) || !tokens.containsKey(STORAGE) || !tokens.containsKey(AUDITOR)) {
            throw new IOException(file + " lacks one of the local callers admin, storage, auditor; delete it to"
                    + " make new tokens");
        }
        return new LocalCallers(tokens);
    }

    private void write(Path file) throws IOException {
        ObjectNode tree = EventJson.mapper().createObjectNode();
        tokens.forEach((caller, token) -> tree.put(caller, token.reveal()));
        writeOwnerOnly(file, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree));
    }

    static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, content);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "rk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "LocalCallers" + tokens.keySet();
    }
}
