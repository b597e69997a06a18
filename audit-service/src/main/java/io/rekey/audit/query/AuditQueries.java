package io.rekey.audit.query;

import io.rekey.audit.topology.AuditTopology;
import io.rekey.audit.view.History;
import io.rekey.audit.view.HistoryEntry;
import io.rekey.audit.view.KeyStatus;
import io.rekey.audit.view.UsageCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The audit questions, answered from the stores of the instance that owns the key or account. The HTTP layer decides
 * which instance that is; this class only reads and shapes.
 */
public final class AuditQueries {
    private final Stores stores;

    public AuditQueries(Stores stores) {
        this.stores = stores;
    }

    /** How finely usage is counted. */
    public enum Granularity {
        MINUTE(Duration.ofMinutes(1), AuditTopology.USAGE_PER_MINUTE_STORE),
        HOUR(Duration.ofHours(1), AuditTopology.USAGE_PER_HOUR_STORE);

        private final Duration size;
        private final String store;

        Granularity(Duration size, String store) {
            this.size = size;
            this.store = store;
        }

        public String store() {
            return store;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Optional<List<HistoryEntry>> keyHistory(String key) {
        return history(AuditTopology.KEY_HISTORY_STORE, key);
    }

    public Optional<List<HistoryEntry>> accountHistory(String account) {
        return history(AuditTopology.ACCOUNT_HISTORY_STORE, account);
    }

    private Optional<List<HistoryEntry>> history(String store, String subject) {
        History history = stores.<History>keyValue(store).get(subject);
        return Optional.ofNullable(history).map(History::entries);
    }

    public Optional<KeyStatus> keyStatus(String key) {
        return Optional.ofNullable(
                stores.<KeyStatus>keyValue(AuditTopology.KEY_STATUS_STORE).get(key));
    }

    public Optional<RotationStatus> rotationStatus(String key) {
        return keyStatus(key).map(status -> RotationStatus.of(key, status));
    }

    public Optional<RevocationStatus> revocationStatus(String key) {
        return keyStatus(key).map(status -> RevocationStatus.of(key, status));
    }

    /** Everything ever counted for the key, whatever the window retention. */
    public UsageCounts usageTotals(String key) {
        UsageCounts totals =
                stores.<UsageCounts>keyValue(AuditTopology.USAGE_TOTALS_STORE).get(key);
        return totals == null ? UsageCounts.empty() : totals;
    }

    /** The windows of the key that start in {@code [from, to)}, oldest first, leaving out windows with no use. */
    public List<CallerUsage.WindowCounts> usageWindows(String key, Granularity granularity, Instant from, Instant to) {
        List<CallerUsage.WindowCounts> windows = new ArrayList<>();
        if (!from.isBefore(to)) {
            return windows;
        }
        ReadOnlyWindowStore<String, UsageCounts> store = stores.window(granularity.store());
        try (WindowStoreIterator<UsageCounts> found = store.fetch(key, from, to.minusMillis(1))) {
            while (found.hasNext()) {
                KeyValue<Long, UsageCounts> window = found.next();
                Instant start = Instant.ofEpochMilli(window.key);
                windows.add(new CallerUsage.WindowCounts(start, start.plus(granularity.size), window.value));
            }
        }
        return windows;
    }

    /** Usage by window with totals over the range; the page cuts the windows only. */
    public UsageReport usage(
            String key,
            Granularity granularity,
            Instant from,
            Instant to,
            int offset,
            int limit,
            java.util.function.IntFunction<String> linkTo) {
        List<CallerUsage.WindowCounts> windows = usageWindows(key, granularity, from, to);
        UsageCounts sum = UsageCounts.empty();
        List<UsageReport.Window> shown = new ArrayList<>();
        for (CallerUsage.WindowCounts window : windows) {
            sum = sum.plus(window.counts());
            shown.add(new UsageReport.Window(
                    window.start(),
                    window.end(),
                    window.counts().total(),
                    window.counts().rows()));
        }
        Page<UsageReport.Window> page = Page.of(shown, offset, limit, linkTo);
        return new UsageReport(
                key, granularity.label(), from, to, UsageReport.Totals.of(sum), page.value(), page.nextLink());
    }

    /** The callers of a key in a period; minute windows unless the period is on whole hours. */
    public List<CallerUsage> callers(String key, Instant from, Instant to) {
        Granularity granularity = onWholeHours(from) && onWholeHours(to) ? Granularity.HOUR : Granularity.MINUTE;
        return CallerUsage.from(usageWindows(key, granularity, from, to));
    }

    private static boolean onWholeHours(Instant time) {
        return time.toEpochMilli() % Duration.ofHours(1).toMillis() == 0;
    }
}
