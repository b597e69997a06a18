package io.rekey.storage.blob;

import java.util.List;

/** One page of a blob listing; {@code nextMarker} is null on the last page. */
public record BlobPage(List<StoredBlob> blobs, String nextMarker) {}
