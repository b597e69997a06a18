package io.rekey.audit.view;

import java.util.ArrayList;
import java.util.List;

/**
 * The facts about one subject (a key or an account) in the order they were published. Appending an event that is
 * already there changes nothing, so a producer's redelivery of the same event is harmless.
 */
public record History(List<HistoryEntry> entries) {

    public History {
        entries = List.copyOf(entries);
    }

    public static History empty() {
        return new History(List.of());
    }

    public History append(HistoryEntry entry) {
        for (HistoryEntry existing : entries) {
            if (existing.eventId().equals(entry.eventId())) {
                return this;
            }
        }
        List<HistoryEntry> longer = new ArrayList<>(entries);
        longer.add(entry);
        return new History(longer);
    }
}
