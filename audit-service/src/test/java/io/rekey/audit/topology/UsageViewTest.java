package io.rekey.audit.topology;

import static io.rekey.audit.AuditEvents.used;
import static io.rekey.audit.topology.TopologyFixture.START;
import static io.rekey.events.usage.KeyOperation.UNWRAP;
import static io.rekey.events.usage.KeyOperation.WRAP;
import static io.rekey.events.usage.UsageOutcome.DENIED;
import static io.rekey.events.usage.UsageOutcome.SUCCEEDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rekey.audit.query.AuditQueries.Granularity;
import io.rekey.audit.query.CallerUsage;
import io.rekey.audit.query.UsageReport;
import io.rekey.audit.view.UsageRow;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageViewTest {
    private static final KeyName KEY = KeyName.of("orders-key");
    private static final KeyVersion V1 = KeyVersion.random();
    private static final KeyVersion V2 = KeyVersion.random();
    private static final Instant DAY_END = START.plus(Duration.ofDays(1));

    @TempDir
    Path stateDir;

    private TopologyFixture audit;

    @BeforeEach
    void start() {
        audit = new TopologyFixture(stateDir);
        // 10:00:05 and 10:00:50 in the first minute, 10:01:10 in the second, 11:30 in the next hour.
        audit.use(audit.events.usage(used(KEY, V1, "storage", WRAP, SUCCEEDED, START.plusSeconds(5))));
        audit.use(audit.events.usage(used(KEY, V1, "storage", WRAP, SUCCEEDED, START.plusSeconds(50))));
        audit.use(audit.events.usage(used(KEY, V1, "storage", UNWRAP, SUCCEEDED, START.plusSeconds(70))));
        audit.use(audit.events.usage(used(KEY, V2, "batch", UNWRAP, DENIED, START.plusSeconds(5400))));
        audit.use(audit.events.usage(used(KEY, null, "batch", UNWRAP, DENIED, START.plusSeconds(5401))));
    }

    @AfterEach
    void stop() {
        audit.close();
    }

    @Test
    void given_usesAcrossMinutes_when_queriedPerMinute_then_eachMinuteCountsItsUses() {
        UsageReport report = audit.queries.usage(KEY.value(), Granularity.MINUTE, START, DAY_END, 0, 100, n -> "next");

        assertEquals(
                List.of(START, START.plusSeconds(60), START.plusSeconds(5400)),
                report.windows().stream().map(UsageReport.Window::start).toList());
        assertEquals(
                List.of(2L, 1L, 2L),
                report.windows().stream().map(UsageReport.Window::total).toList());
        assertEquals(
                List.of(new UsageRow(V1.value(), "storage", WRAP, SUCCEEDED, 2)),
                report.windows().get(0).rows());
        assertEquals(5, report.totals().count());
        assertEquals(Map.of("SUCCEEDED", 3L, "DENIED", 2L), report.totals().byOutcome());
        assertEquals(Map.of("storage", 3L, "batch", 2L), report.totals().byCaller());
        assertEquals(
                Map.of(V1.value(), 3L, V2.value(), 1L, "none", 1L),
                report.totals().byVersion());
        assertNull(report.nextLink());
    }

    @Test
    void given_usesAcrossHours_when_queriedPerHour_then_eachHourCountsItsUses() {
        UsageReport report = audit.queries.usage(KEY.value(), Granularity.HOUR, START, DAY_END, 0, 100, n -> "next");

        assertEquals(
                List.of(START, START.plusSeconds(3600)),
                report.windows().stream().map(UsageReport.Window::start).toList());
        assertEquals(
                List.of(3L, 2L),
                report.windows().stream().map(UsageReport.Window::total).toList());
        assertEquals(START.plusSeconds(7200), report.windows().get(1).end());
    }

    @Test
    void given_aRangeCoveringPart_when_queried_then_totalsCountOnlyWindowsStartingInIt() {
        UsageReport report = audit.queries.usage(
                KEY.value(), Granularity.MINUTE, START.plusSeconds(60), START.plusSeconds(120), 0, 100, n -> "next");

        assertEquals(1, report.totals().count());
    }

    @Test
    void given_manyWindows_when_paged_then_totalsCoverTheWholeRangeAndALinkLeadsOn() {
        UsageReport first =
                audit.queries.usage(KEY.value(), Granularity.MINUTE, START, DAY_END, 0, 2, n -> "cursor=" + n);

        assertEquals(2, first.windows().size());
        assertEquals(5, first.totals().count());
        assertNotNull(first.nextLink());
        assertEquals("cursor=2", first.nextLink());
    }

    @Test
    void given_usesByTwoCallers_when_askedForCallers_then_eachCallerHasItsCountsAndPeriod() {
        List<CallerUsage> callers = audit.queries.callers(KEY.value(), START, DAY_END);

        assertEquals(
                List.of("batch", "storage"),
                callers.stream().map(CallerUsage::caller).toList());
        CallerUsage storage = callers.get(1);
        assertEquals(3, storage.count());
        assertEquals(Map.of("WRAP", 2L, "UNWRAP", 1L), storage.byOperation());
        assertEquals(START, storage.firstSeen());
        assertEquals(START.plusSeconds(3600), storage.lastSeen(), "hour windows for a period on whole hours");
        assertEquals(Map.of("DENIED", 2L), callers.get(0).byOutcome());
    }

    @Test
    void given_uses_when_totalsAsked_then_everyUseIsCounted() {
        assertEquals(5, audit.queries.usageTotals(KEY.value()).total());
        assertEquals(0, audit.queries.usageTotals("other-key").total());
    }
}
