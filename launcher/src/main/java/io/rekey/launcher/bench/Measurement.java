package io.rekey.launcher.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * One benchmark figure: what was measured, its value and unit, and (for system figures) the floor it is compared with
 * and the goal for their ratio.
 *
 * @param higherIsBetter true for rates and throughputs, false for latencies
 */
public record Measurement(
        String name,
        double value,
        String unit,
        boolean higherIsBetter,
        String floorName,
        Double floorValue,
        Double goal) {

    public static Measurement floor(String name, double value, String unit, boolean higherIsBetter) {
        return new Measurement(name, value, unit, higherIsBetter, null, null, null);
    }

    public static Measurement figure(String name, double value, String unit, boolean higherIsBetter) {
        return floor(name, value, unit, higherIsBetter);
    }

    public Measurement against(Measurement floor, double goalRatio) {
        return new Measurement(name, value, unit, higherIsBetter, floor.name(), floor.value(), goalRatio);
    }

    /** System over floor for rates, floor over system for latencies: 1.0 always means "as fast as the floor". */
    @JsonProperty("ratio")
    public Double ratio() {
        if (floorValue == null || floorValue == 0 || value == 0) {
            return null;
        }
        return higherIsBetter ? value / floorValue : floorValue / value;
    }

    @JsonProperty("meetsGoal")
    public Boolean meetsGoal() {
        Double ratio = ratio();
        return ratio == null || goal == null ? null : ratio >= goal;
    }

    public String formattedValue() {
        return format(value) + " " + unit;
    }

    static String format(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
