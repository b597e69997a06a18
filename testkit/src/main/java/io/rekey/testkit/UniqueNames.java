package io.rekey.testkit;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** Names that are unique in a JVM and across runs against the same external cluster. */
final class UniqueNames {

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,200}");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private UniqueNames() {}

    static String next(String prefix) {
        if (prefix == null || !LEGAL.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "A name prefix needs 1 to 200 of the characters a-z A-Z 0-9 . _ -, got '" + prefix + "'");
        }
        int random = ThreadLocalRandom.current().nextInt(0x1000000);
        return String.format("%s-%d-%06x", prefix, SEQUENCE.incrementAndGet(), random);
    }
}
