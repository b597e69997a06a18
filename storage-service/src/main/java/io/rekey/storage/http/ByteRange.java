package io.rekey.storage.http;

import io.rekey.service.http.ApiException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range: bytes=...} header: {@code a-b}, {@code a-} or the suffix {@code -n}. A header
 * that is not a single byte range is ignored (the whole blob is sent), as HTTP allows; a range that starts past the
 * end is refused with 416.
 */
record ByteRange(long start, long length) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw unsatisfiable(size);
                }
                long length = Math.min(suffix, size);
                return Optional.of(new ByteRange(size - length, length));
            }
            long start = Long.parseLong(m.group(1));
            long end = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
            if (end < start) {
                return Optional.empty();
            }
            if (start >= size) {
                throw unsatisfiable(size);
            }
            return Optional.of(new ByteRange(start, Math.min(end, size - 1) - start + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    long end() {
        return start + length - 1;
    }

    static ApiException unsatisfiable(long size) {
        return new RangeNotSatisfiable(size);
    }

    /** 416 with {@code Content-Range: bytes *}{@code /size}. */
    static final class RangeNotSatisfiable extends ApiException {
        private final long size;

        RangeNotSatisfiable(long size) {
            super(416, "InvalidRange", "the range is outside the blob, which has " + size + " bytes");
            this.size = size;
        }

        long size() {
            return size;
        }
    }
}
