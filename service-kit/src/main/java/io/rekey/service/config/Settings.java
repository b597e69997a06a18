package io.rekey.service.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A service's configuration: defaults, then a properties file, then environment variables, each overriding the one
 * before. A setting {@code vault.http.port} is read from the environment as {@code REKEY_VAULT_HTTP_PORT}. Every read
 * that fails names the setting and the value expected.
 */
public final class Settings {
    private static final String ENV_PREFIX = "REKEY_";

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    /** Layers the file (if given) and the environment over the defaults. */
    public static Settings load(Map<String, String> defaults, Optional<Path> file, Map<String, String> environment) {
        Map<String, String> merged = new HashMap<>(defaults);
        file.ifPresent(path -> merged.putAll(readFile(path)));
        merged.putAll(fromEnvironment(environment));
        return new Settings(merged);
    }

    private static Map<String, String> readFile(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("configuration file " + path + " does not exist; pass an existing file");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("configuration file " + path + " could not be read: " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        properties
                .stringPropertyNames()
                .forEach(name -> values.put(name, properties.getProperty(name).trim()));
        return values;
    }

    /** {@code REKEY_VAULT_HTTP_PORT=8200} becomes {@code vault.http.port=8200}. */
    static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                String key = name.substring(ENV_PREFIX.length())
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '.');
                values.put(key, value);
            }
        });
        return values;
    }

    /** A copy with these values set over the current ones. */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(values);
        merged.putAll(overrides);
        return new Settings(merged);
    }

    public Optional<String> find(String key) {
        return Optional.ofNullable(values.get(key)).filter(value -> !value.isBlank());
    }

    public String get(String key, String defaultValue) {
        return find(key).orElse(defaultValue);
    }

    public String require(String key) {
        return find(key)
                .orElseThrow(() -> new ConfigException("setting '" + key + "' is required; set it in the"
                        + " configuration file or as environment variable " + environmentName(key)));
    }

    public int getInt(String key, int defaultValue) {
        return find(key).map(value -> parseInt(key, value)).orElse(defaultValue);
    }

    public long getLong(String key, long defaultValue) {
        return find(key).map(value -> parseLong(key, value)).orElse(defaultValue);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return find(key).map(value -> parseBoolean(key, value)).orElse(defaultValue);
    }

    /** A duration as ISO-8601 ({@code PT30S}) or a number with a unit: {@code 250ms}, {@code 30s}, {@code 5m}. */
    public Duration getDuration(String key, Duration defaultValue) {
        return find(key).map(value -> parseDuration(key, value)).orElse(defaultValue);
    }

    public Path getPath(String key, Path defaultValue) {
        return find(key).map(Path::of).orElse(defaultValue);
    }

    /** Every setting under {@code prefix.}, with the prefix taken off: {@code kafka.*} becomes client properties. */
    public Map<String, String> withPrefix(String prefix) {
        String dotted = prefix.endsWith(".") ? prefix : prefix + ".";
        Map<String, String> found = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(dotted)) {
                found.put(key.substring(dotted.length()), value);
            }
        });
        return found;
    }

    /** Every setting, for layering one set of settings over another. */
    public Map<String, String> asMap() {
        return values;
    }

    public static String environmentName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("setting '" + key + "' must be a whole number, not '" + value + "'");
        }
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("setting '" + key + "' must be a whole number, not '" + value + "'");
        }
    }

    private static boolean parseBoolean(String key, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException("setting '" + key + "' must be true or false, not '" + value + "'");
        };
    }

    static Duration parseDuration(String key, String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("p")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new ConfigException("setting '" + key
                    + "' must be a duration such as 250ms, 30s, 5m, 1h, 7d or PT30S, not '" + value + "'");
        }
    }
}
