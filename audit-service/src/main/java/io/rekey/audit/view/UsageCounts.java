package io.rekey.audit.view;

import io.rekey.events.usage.KeyUsed;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Use counts of one key, one row per version, caller, operation and outcome. */
public record UsageCounts(List<UsageRow> rows) {
    private static final Comparator<UsageRow> ORDER = Comparator.comparing(
                    UsageRow::version, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparing(UsageRow::caller)
            .thenComparing(UsageRow::operation)
            .thenComparing(UsageRow::outcome);

    public UsageCounts {
        rows = List.copyOf(rows);
    }

    public static UsageCounts empty() {
        return new UsageCounts(List.of());
    }

    public UsageCounts add(KeyUsed use) {
        String version = use.version() == null ? null : use.version().value();
        return add(new UsageRow(version, use.caller().value(), use.operation(), use.outcome(), 1));
    }

    public UsageCounts plus(UsageCounts other) {
        UsageCounts sum = this;
        for (UsageRow row : other.rows) {
            sum = sum.add(row);
        }
        return sum;
    }

    private UsageCounts add(UsageRow increment) {
        List<UsageRow> added = new ArrayList<>(rows.size() + 1);
        boolean found = false;
        for (UsageRow row : rows) {
            if (sameCell(row, increment)) {
                added.add(new UsageRow(
                        row.version(), row.caller(), row.operation(), row.outcome(), row.count() + increment.count()));
                found = true;
            } else {
                added.add(row);
            }
        }
        if (!found) {
            added.add(increment);
            added.sort(ORDER);
        }
        return new UsageCounts(added);
    }

    private static boolean sameCell(UsageRow a, UsageRow b) {
        return Objects.equals(a.version(), b.version())
                && a.caller().equals(b.caller())
                && a.operation() == b.operation()
                && a.outcome() == b.outcome();
    }

    public long total() {
        return rows.stream().mapToLong(UsageRow::count).sum();
    }
}
