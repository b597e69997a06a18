package io.rekey.launcher.cli;

import io.rekey.launcher.client.ServiceError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Turns a streamed error response into the service's code and message. */
final class JsonHttpErrors {
    private JsonHttpErrors() {}

    static ServiceError from(int status, InputStream body) throws IOException {
        String text = new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        return io.rekey.launcher.client.JsonHttp.errorFrom(status, text);
    }
}
