package io.rekey.vault.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.rekey.events.serde.EventJson;
import io.rekey.service.http.ApiException;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads request bodies field by field, so every bad input becomes a 400 that names the field. */
final class RequestJson {
    /** 9999-12-31T23:59:59Z: later times are refused rather than overflowing date arithmetic. */
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*={0,2}");

    private final ObjectNode body;

    private RequestJson(ObjectNode body) {
        this.body = body;
    }

    static RequestJson of(Context ctx) {
        byte[] bytes;
        try {
            bytes = ctx.bodyAsBytes();
        } catch (HttpResponseException e) {
            if (e.getStatus() == 413) {
                throw tooLarge();
            }
            throw e;
        }
        if (bytes.length == 0) {
            throw bad("the request needs a JSON object body");
        }
        JsonNode node;
        try {
            node = EventJson.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw bad("the request body is not valid JSON");
        } catch (IOException e) {
            throw bad("the request body could not be read");
        }
        if (node == null || !node.isObject()) {
            throw bad("the request body must be a JSON object");
        }
        return new RequestJson((ObjectNode) node);
    }

    static RequestJson empty() {
        return new RequestJson(EventJson.mapper().createObjectNode());
    }

    static ApiException tooLarge() {
        return new ApiException(413, "RequestTooLarge", "the request body is over the size limit; send less");
    }

    static ApiException bad(String message) {
        return ApiException.badRequest("BadParameter", message);
    }

    RequestJson object(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw bad("'" + field + "' must be a JSON object");
        }
        return new RequestJson((ObjectNode) node);
    }

    boolean has(String field) {
        JsonNode node = body.get(field);
        return node != null && !node.isNull();
    }

    String text(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw bad("'" + field + "' must be a string");
        }
        return node.textValue();
    }

    String requireText(String field) {
        String value = text(field);
        if (value == null || value.isEmpty()) {
            throw bad("'" + field + "' is required");
        }
        return value;
    }

    Integer integer(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw bad("'" + field + "' must be a whole number");
        }
        return node.intValue();
    }

    Boolean bool(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw bad("'" + field + "' must be true or false");
        }
        return node.booleanValue();
    }

    /** A time in seconds since the epoch, as the cloud API's attributes carry them. */
    Instant epochSeconds(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber()
                || !node.canConvertToLong()
                || node.longValue() < 0
                || node.longValue() > MAX_EPOCH_SECOND) {
            throw bad("'" + field
                    + "' must be a time in whole seconds since 1970-01-01T00:00:00Z, before the year 10000");
        }
        return Instant.ofEpochSecond(node.longValue());
    }

    List<String> textList(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw bad("'" + field + "' must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw bad("'" + field + "' must be an array of strings");
            }
            values.add(item.textValue());
        }
        return values;
    }

    List<RequestJson> objectList(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw bad("'" + field + "' must be an array of objects");
        }
        List<RequestJson> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isObject()) {
                throw bad("'" + field + "' must be an array of objects");
            }
            values.add(new RequestJson((ObjectNode) item));
        }
        return values;
    }

    Map<String, String> textMap(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw bad("'" + field + "' must be an object of string values");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw bad("'" + field + "." + entry.getKey() + "' must be a string");
            }
            values.put(entry.getKey(), entry.getValue().textValue());
        }
        return values;
    }

    /** Decodes a base64url field (padding optional); anything outside the base64url alphabet is refused. */
    byte[] base64Url(String field) {
        String value = requireText(field);
        if (!BASE64URL.matcher(value).matches()) {
            throw bad("'" + field + "' must be base64url (A-Z a-z 0-9 - _), without line breaks");
        }
        try {
            return Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw bad("'" + field + "' is not valid base64url");
        }
    }

    BigInteger unsignedInteger(String field) {
        byte[] bytes = base64Url(field);
        if (bytes.length == 0) {
            throw bad("'" + field + "' must not be empty");
        }
        return new BigInteger(1, bytes);
    }
}
