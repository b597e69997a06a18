package io.rekey.vault.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A key's rotation policy in the cloud key vault's shape: lifetime actions (rotate or notify, a given time after the
 * version was created or before it expires) and the expiry given to new versions.
 */
public record RotationPolicy(
        @JsonProperty("lifetimeActions") List<LifetimeAction> lifetimeActions,
        @JsonProperty("expiryTime") String expiryTime,
        @JsonProperty("created") Instant created,
        @JsonProperty("updated") Instant updated) {

    private static final Duration LONGEST = Duration.ofDays(36_500);

    public RotationPolicy {
        lifetimeActions = lifetimeActions == null ? List.of() : List.copyOf(lifetimeActions);
    }

    /** A trigger and action; exactly one of the two times is set. */
    public record LifetimeAction(
            @JsonProperty("type") String type,
            @JsonProperty("timeAfterCreate") String timeAfterCreate,
            @JsonProperty("timeBeforeExpiry") String timeBeforeExpiry) {

        public boolean rotates() {
            return "rotate".equalsIgnoreCase(type);
        }
    }

    /** How long after a version's creation the policy rotates it, if it says so. */
    public Optional<Duration> rotateAfter() {
        return lifetimeActions.stream()
                .filter(LifetimeAction::rotates)
                .filter(a -> a.timeAfterCreate() != null)
                .map(a -> parse(a.timeAfterCreate()))
                .findFirst();
    }

    /** How long before a version's expiry the policy rotates it, if it says so. */
    public Optional<Duration> rotateBeforeExpiry() {
        return lifetimeActions.stream()
                .filter(LifetimeAction::rotates)
                .filter(a -> a.timeBeforeExpiry() != null)
                .map(a -> parse(a.timeBeforeExpiry()))
                .findFirst();
    }

    public Optional<Duration> expiresAfter() {
        return Optional.ofNullable(expiryTime).map(RotationPolicy::parse);
    }

    /** When the policy rotates a version created at {@code created} that expires at {@code expires} (may be null). */
    public Optional<Instant> rotationDue(Instant created, Instant expires) {
        Optional<Instant> afterCreate = rotateAfter().map(created::plus);
        Optional<Instant> beforeExpiry =
                expires == null ? Optional.empty() : rotateBeforeExpiry().map(expires::minus);
        if (afterCreate.isPresent() && beforeExpiry.isPresent()) {
            return Optional.of(afterCreate.get().isBefore(beforeExpiry.get()) ? afterCreate.get() : beforeExpiry.get());
        }
        return afterCreate.isPresent() ? afterCreate : beforeExpiry;
    }

    /**
     * An ISO-8601 duration as the cloud API writes them: {@code P90D}, {@code P1Y2M}, {@code P30DT12H}, {@code PT10S}.
     * Years count 365 days and months 30, as only the order of magnitude matters for rotation.
     *
     * @throws IllegalArgumentException with a readable message when the text is not such a duration
     */
    public static Duration parse(String text) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        try {
            int timeAt = upper.indexOf('T');
            String datePart = timeAt < 0 ? upper : upper.substring(0, timeAt);
            Duration total = Duration.ZERO;
            if (!datePart.equals("P")) {
                Period period = Period.parse(datePart);
                total = total.plusDays(period.getYears() * 365L + period.getMonths() * 30L + period.getDays());
            }
            if (timeAt >= 0) {
                total = total.plus(Duration.parse("P" + upper.substring(timeAt)));
            }
            if (total.isNegative() || total.isZero() || total.compareTo(LONGEST) > 0) {
                throw new IllegalArgumentException();
            }
            return total;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text
                    + "' is not a positive ISO-8601 duration of at most 100 years, such as P90D, P1Y or PT1H");
        }
    }
}
