package io.rekey.audit.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** The callers of a key in a period, one page of them. */
public record CallersReport(
        String key,
        Instant from,
        Instant to,
        List<CallerUsage> value,
        @JsonInclude(JsonInclude.Include.ALWAYS) String nextLink) {}
