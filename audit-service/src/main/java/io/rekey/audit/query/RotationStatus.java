package io.rekey.audit.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rekey.audit.view.AccountOnKey;
import io.rekey.audit.view.KeyStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which version wraps each account of a key: how many accounts each version has, and which accounts are still on an
 * older version than the latest (pinned ones say so, since they are not expected to move).
 */
public record RotationStatus(
        String key,
        @JsonInclude(JsonInclude.Include.ALWAYS) String latestVersion,
        int accounts,
        int onLatest,
        List<VersionCount> versions,
        List<AccountVersion> onOlderVersions) {

    public record VersionCount(String version, boolean latest, int accounts) {}

    public record AccountVersion(String account, String version, boolean pinned) {}

    public static RotationStatus of(String key, KeyStatus status) {
        String latest = status.latestVersion();
        Map<String, Integer> counts = new LinkedHashMap<>();
        status.versions().forEach(version -> counts.put(version, 0));
        List<AccountVersion> older = new ArrayList<>();
        int onLatest = 0;
        for (Map.Entry<String, AccountOnKey> entry : status.accounts().entrySet()) {
            AccountOnKey account = entry.getValue();
            counts.merge(account.version(), 1, Integer::sum);
            if (account.version().equals(latest)) {
                onLatest++;
            } else {
                older.add(new AccountVersion(entry.getKey(), account.version(), account.pinned()));
            }
        }
        List<VersionCount> versions = new ArrayList<>();
        counts.forEach((version, n) -> versions.add(new VersionCount(version, version.equals(latest), n)));
        return new RotationStatus(key, latest, status.accounts().size(), onLatest, versions, older);
    }
}
