package io.rekey.launcher.client;

/** A refusal from a Rekey service, as its status, stable code and message: what the CLI shows instead of a trace. */
public final class ServiceError extends RuntimeException {
    private final int status;
    private final String code;

    public ServiceError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return status + " " + code + ": " + getMessage();
    }
}
