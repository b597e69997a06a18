package io.rekey.storage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void range_closed_isClippedToTheBlob() {
        assertEquals(Optional.of(new ByteRange(10, 90)), ByteRange.parse("bytes=10-999", 100));
        assertEquals(Optional.of(new ByteRange(0, 1)), ByteRange.parse("bytes=0-0", 100));
    }

    @Test
    void range_openOrSuffix_coversTheEnd() {
        assertEquals(Optional.of(new ByteRange(95, 5)), ByteRange.parse("bytes=95-", 100));
        assertEquals(Optional.of(new ByteRange(70, 30)), ByteRange.parse("bytes=-30", 100));
        assertEquals(Optional.of(new ByteRange(0, 100)), ByteRange.parse("bytes=-500", 100));
    }

    @Test
    void range_startingPastTheEnd_isUnsatisfiable() {
        assertThrows(ByteRange.RangeNotSatisfiable.class, () -> ByteRange.parse("bytes=100-", 100));
        assertThrows(ByteRange.RangeNotSatisfiable.class, () -> ByteRange.parse("bytes=100-200", 100));
        assertThrows(ByteRange.RangeNotSatisfiable.class, () -> ByteRange.parse("bytes=0-0", 0));
        assertThrows(ByteRange.RangeNotSatisfiable.class, () -> ByteRange.parse("bytes=-0", 100));
    }

    @Test
    void range_malformedOrMultiple_isIgnored() {
        for (String header : new String[] {null, "", "bytes=", "bytes=-", "items=0-1", "bytes=0-1,3-4", "bytes=5-2"}) {
            assertTrue(ByteRange.parse(header, 100).isEmpty(), String.valueOf(header));
        }
    }
}
