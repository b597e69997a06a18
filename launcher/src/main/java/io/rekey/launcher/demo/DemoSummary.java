package io.rekey.launcher.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekey.events.serde.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** What the demo did and measured, and whether each check held; printed, and written as JSON on request. */
public record DemoSummary(
        @JsonProperty("keyName") String keyName,
        @JsonProperty("firstVersion") String firstVersion,
        @JsonProperty("rotatedVersion") String rotatedVersion,
        @JsonProperty("followingAccounts") int followingAccounts,
        @JsonProperty("accounts") int accounts,
        @JsonProperty("blobs") int blobs,
        @JsonProperty("bytes") long bytes,
        @JsonProperty("uploadMegabytesPerSecond") double uploadMegabytesPerSecond,
        @JsonProperty("rotationMillis") long rotationMillis,
        @JsonProperty("revocationMillis") long revocationMillis,
        @JsonProperty("restoreMillis") long restoreMillis,
        @JsonProperty("revokedErrorCode") String revokedErrorCode,
        @JsonProperty("revokedErrorMessage") String revokedErrorMessage,
        @JsonProperty("auditHistoryTypes") java.util.List<String> auditHistoryTypes,
        @JsonProperty("auditCallers") java.util.List<String> auditCallers,
        @JsonProperty("auditAccountsPerVersion") Map<String, Integer> auditAccountsPerVersion,
        @JsonProperty("checks") Map<String, Boolean> checks) {

    @JsonProperty("allChecksPassed")
    public boolean allChecksPassed() {
        return !checks.isEmpty() && checks.values().stream().allMatch(Boolean::booleanValue);
    }

    public long passedChecks() {
        return checks.values().stream().filter(Boolean::booleanValue).count();
    }

    void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(
                file, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this));
    }
}
