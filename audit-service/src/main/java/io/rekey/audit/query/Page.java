package io.rekey.audit.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One page of a long list, in the shape the vault's list operations use: the items, and the link to the next page
 * (null on the last page).
 */
public record Page<T>(
        List<T> value,
        @JsonInclude(JsonInclude.Include.ALWAYS) String nextLink) {

    /** Cuts {@code all} to the page starting at {@code offset}; {@code linkTo} makes the link for a later offset. */
    public static <T> Page<T> of(List<T> all, int offset, int limit, java.util.function.IntFunction<String> linkTo) {
        int from = Math.min(offset, all.size());
        int to = Math.min(from + limit, all.size());
        String next = to < all.size() ? linkTo.apply(to) : null;
        return new Page<>(List.copyOf(all.subList(from, to)), next);
    }
}
