package io.rekey.service.http;

/**
 * A refusal a client can act on: an HTTP status, a stable code for programs, and a message for people that says what
 * to do. The message must never carry key material, tokens or blob contents.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
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

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message);
    }

    public static ApiException forbidden(String code, String message) {
        return new ApiException(403, code, message);
    }

    /** A dependency is down or not ready; the client should retry after {@code retryAfterSeconds}. */
    public static ApiException unavailable(String code, String message, int retryAfterSeconds) {
        return new Unavailable(code, message, retryAfterSeconds);
    }

    /** 503 with a {@code Retry-After} header. */
    public static final class Unavailable extends ApiException {
        private final int retryAfterSeconds;

        Unavailable(String code, String message, int retryAfterSeconds) {
            super(503, code, message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
