package io.rekey.storage.blob;

import io.rekey.storage.crypto.BlobHeader;
import java.nio.file.Path;
import java.time.Instant;

/** A blob's file and what its header says about it; reading the header needs no key. */
public record StoredBlob(String name, Path file, BlobHeader header, Instant lastModified) {}
