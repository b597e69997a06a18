package io.rekey.storage.blob;

import io.rekey.storage.StorageErrors;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Name rules for containers and blobs, checked at the boundary so no name can reach the file system unsafely. Blob
 * names are stored under an encoded file name anyway; the rules keep them readable and unambiguous.
 */
public final class BlobNames {
    /** Encoded as base64url a blob name of this many bytes still fits a 255-byte file name. */
    public static final int MAX_BLOB_NAME_BYTES = 180;

    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}");

    private BlobNames() {}

    public static String container(String name) {
        if (name == null || !CONTAINER.matcher(name).matches()) {
            throw StorageErrors.invalidName(
                    "InvalidContainerName",
                    "container name '" + printable(name) + "' is not valid; use 3 to 63 lowercase letters, digits and"
                            + " single dashes, starting and ending with a letter or digit");
        }
        return name;
    }

    public static String blob(String name) {
        String reason = blobProblem(name);
        if (reason != null) {
            throw StorageErrors.invalidName(
                    "InvalidBlobName", "blob name '" + printable(name) + "' is not valid: " + reason);
        }
        return name;
    }

    private static String blobProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "it is empty";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BLOB_NAME_BYTES) {
            return "it is longer than " + MAX_BLOB_NAME_BYTES + " bytes";
        }
        if (name.equals(".") || name.equals("..") || name.contains("..")) {
            return "it must not contain '..'";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return "it must not contain '/' or '\\'";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return "it must not contain control characters";
            }
        }
        return null;
    }

    static String printable(String name) {
        if (name == null) {
            return "";
        }
        String clipped = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        return clipped.replaceAll("\\p{Cntrl}", "?");
    }
}
