package io.rekey.service.config;

/** Configuration that cannot work; fatal at start-up, with a message that names the setting to fix. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
