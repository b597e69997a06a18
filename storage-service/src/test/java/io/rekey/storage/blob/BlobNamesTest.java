package io.rekey.storage.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rekey.service.http.ApiException;
import org.junit.jupiter.api.Test;

class BlobNamesTest {

    @Test
    void blobName_unsafe_isRefusedWithStableCode() {
        for (String name : new String[] {
            "", ".", "..", "a/../b", "a/b", "a\\b", "x..y", "bell\u0007", "nl\n", "\u2028", "x".repeat(181)
        }) {
            ApiException e = assertThrows(ApiException.class, () -> BlobNames.blob(name), name);
            assertEquals("InvalidBlobName", e.code());
            assertEquals(400, e.status());
        }
    }

    @Test
    void blobName_ordinary_isAcceptedAndRoundTripsThroughItsFileName() {
        String[] names = {"a", "photo 1.jpg", "ünïcödé-名前", "x".repeat(180), "-._~!$&'()*+,;="};
        for (String name : names) {
            assertEquals(name, BlobNames.blob(name));
            assertEquals(name, BlobStore.nameOf(BlobStore.fileName(name)).orElseThrow());
        }
    }

    @Test
    void containerName_outsideTheRules_isRefused() {
        for (String name : new String[] {"ab", "Abc", "a--b", "-ab", "ab-", "a_b", "a".repeat(64), "..x"}) {
            assertEquals(
                    "InvalidContainerName",
                    assertThrows(ApiException.class, () -> BlobNames.container(name))
                            .code());
        }
        assertEquals("my-container-1", BlobNames.container("my-container-1"));
    }
}
