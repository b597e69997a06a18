package io.rekey.audit.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rekey.audit.view.UsageCounts;
import io.rekey.audit.view.UsageRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A key's use between two times, window by window, with totals over the whole range (not only the page shown).
 *
 * @param windows the windows on this page, oldest first; windows with no use are left out
 */
public record UsageReport(
        String key,
        String granularity,
        Instant from,
        Instant to,
        Totals totals,
        List<Window> windows,
        @JsonInclude(JsonInclude.Include.ALWAYS) String nextLink) {

    public record Window(Instant start, Instant end, long total, List<UsageRow> rows) {}

    /** Sums by each dimension; {@code byVersion} files uses that named no existing version under "none". */
    public record Totals(
            long count,
            Map<String, Long> byOutcome,
            Map<String, Long> byOperation,
            Map<String, Long> byCaller,
            Map<String, Long> byVersion) {

        public static Totals of(UsageCounts counts) {
            Map<String, Long> outcome = new TreeMap<>();
            Map<String, Long> operation = new TreeMap<>();
            Map<String, Long> caller = new TreeMap<>();
            Map<String, Long> version = new TreeMap<>();
            for (UsageRow row : counts.rows()) {
                outcome.merge(row.outcome().name(), row.count(), Long::sum);
                operation.merge(row.operation().name(), row.count(), Long::sum);
                caller.merge(row.caller(), row.count(), Long::sum);
                version.merge(row.version() == null ? "none" : row.version(), row.count(), Long::sum);
            }
            return new Totals(counts.total(), outcome, operation, caller, version);
        }
    }
}
