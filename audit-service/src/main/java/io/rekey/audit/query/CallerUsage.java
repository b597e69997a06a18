package io.rekey.audit.query;

import io.rekey.audit.view.UsageCounts;
import io.rekey.audit.view.UsageRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One caller's use of a key in a period.
 *
 * @param firstSeen the start of the first window in which the caller used the key
 * @param lastSeen the end of the last such window
 */
public record CallerUsage(
        String caller,
        long count,
        Map<String, Long> byOutcome,
        Map<String, Long> byOperation,
        Instant firstSeen,
        Instant lastSeen) {

    /** A window's start and end with its counts, as read from a windowed store. */
    public record WindowCounts(Instant start, Instant end, UsageCounts counts) {}

    /** Folds windows (oldest first) into one entry per caller, ordered by caller id. */
    public static List<CallerUsage> from(List<WindowCounts> windows) {
        Map<String, CallerUsage> byCaller = new TreeMap<>();
        for (WindowCounts window : windows) {
            for (UsageRow row : window.counts().rows()) {
                CallerUsage before = byCaller.get(row.caller());
                byCaller.put(row.caller(), before == null ? first(row, window) : before.plus(row, window));
            }
        }
        return new ArrayList<>(byCaller.values());
    }

    private static CallerUsage first(UsageRow row, WindowCounts window) {
        return new CallerUsage(row.caller(), 0, new TreeMap<>(), new TreeMap<>(), window.start(), window.end())
                .plus(row, window);
    }

    private CallerUsage plus(UsageRow row, WindowCounts window) {
        Map<String, Long> outcomes = new TreeMap<>(byOutcome);
        outcomes.merge(row.outcome().name(), row.count(), Long::sum);
        Map<String, Long> operations = new TreeMap<>(byOperation);
        operations.merge(row.operation().name(), row.count(), Long::sum);
        Instant last = window.end().isAfter(lastSeen) ? window.end() : lastSeen;
        return new CallerUsage(caller, count + row.count(), outcomes, operations, firstSeen, last);
    }
}
