package io.rekey.storage.blob;

import io.rekey.events.ids.AccountName;
import io.rekey.storage.StorageErrors;
import io.rekey.storage.crypto.AesKey;
import io.rekey.storage.crypto.BlobBinding;
import io.rekey.storage.crypto.BlobHeader;
import io.rekey.storage.crypto.BlobIntegrityException;
import io.rekey.storage.crypto.BlobReader;
import io.rekey.storage.crypto.BlobWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blob files on disk: {@code <data>/blobs/<account>/<container>/<blob name as base64url>}. A put writes a temporary
 * file under {@code <data>/tmp}, forces it to disk, and renames it into place atomically (then forces the directory),
 * so a reader sees the old blob or the new one, never a half-written one, and a 2xx means the blob survives a crash.
 */
public final class BlobStore {
    private static final Logger log = LoggerFactory.getLogger(BlobStore.class);

    private final Path blobsRoot;
    private final Path tmp;
    private final BlobWriter writer;

    public BlobStore(Path dataDir, BlobWriter writer) throws IOException {
        this.blobsRoot = Files.createDirectories(dataDir.resolve("blobs"));
        this.tmp = Files.createDirectories(dataDir.resolve("tmp"));
        this.writer = writer;
        clearTemporaryFiles();
    }

    public Path root() {
        return blobsRoot;
    }

    /** Removes the blob directories of accounts that no longer exist (a delete that crashed half-way). */
    public void removeAllBut(Set<AccountName> accounts) throws IOException {
        try (Stream<Path> dirs = Files.list(blobsRoot)) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                if (accounts.stream().noneMatch(a -> a.value().equals(name))) {
                    deleteTree(dir);
                    log.info("Removed blob files of deleted account {}", name);
                }
            }
        }
    }

    public void createAccount(AccountName account) throws IOException {
        Files.createDirectories(accountDir(account));
    }

    public void deleteAccount(AccountName account) throws IOException {
        deleteTree(accountDir(account));
    }

    /** @return false if it already existed */
    public boolean createContainer(AccountName account, String container) throws IOException {
        Files.createDirectories(accountDir(account));
        try {
            Files.createDirectory(containerDir(account, container));
            forceDirectory(accountDir(account));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    public boolean containerExists(AccountName account, String container) {
        return Files.isDirectory(containerDir(account, container));
    }

    public List<String> containers(AccountName account) throws IOException {
        Path dir = accountDir(account);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(dir)) {
            return dirs.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Deletes the container and every blob in it; @return false if it did not exist. */
    public boolean deleteContainer(AccountName account, String container) throws IOException {
        Path dir = containerDir(account, container);
        if (!Files.isDirectory(dir)) {
            return false;
        }
        deleteTree(dir);
        return true;
    }

    /**
     * Encrypts the stream into the blob's file, durably.
     *
     * @throws io.rekey.service.http.ApiException if the container does not exist
     */
    public StoredBlob put(
            AccountName account,
            String container,
            String blob,
            InputStream in,
            String contentType,
            AesKey aek,
            int aekGeneration)
            throws IOException {
        Path dir = containerDir(account, container);
        if (!Files.isDirectory(dir)) {
            throw StorageErrors.containerNotFound(container);
        }
        Path temporary = tmp.resolve(UUID.randomUUID() + ".part");
        try {
            BlobHeader header;
            try (FileChannel out =
                    FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                header = writer.write(
                        in, out, aek, aekGeneration, new BlobBinding(account.value(), container, blob), contentType);
                out.force(true);
            }
            Path target = dir.resolve(fileName(blob));
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchFileException e) {
                throw StorageErrors.containerNotFound(container);
            }
            forceDirectory(dir);
            return new StoredBlob(
                    blob, target, header, Files.getLastModifiedTime(target).toInstant());
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    public Optional<StoredBlob> find(AccountName account, String container, String blob) throws IOException {
        Path file = containerDir(account, container).resolve(fileName(blob));
        return describe(blob, file);
    }

    /** Opens the blob for decryption; the caller closes the reader (or the stream it gives). */
    public BlobReader open(StoredBlob blob, AccountName account, String container, AesKey aek, int aekGeneration)
            throws IOException {
        FileChannel channel = FileChannel.open(blob.file(), StandardOpenOption.READ);
        try {
            return BlobReader.open(
                    channel, new BlobBinding(account.value(), container, blob.name()), aek, aekGeneration);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public boolean delete(AccountName account, String container, String blob) throws IOException {
        Path dir = containerDir(account, container);
        boolean deleted = Files.deleteIfExists(dir.resolve(fileName(blob)));
        if (deleted) {
            forceDirectory(dir);
        }
        return deleted;
    }

    /** Blobs whose names start with {@code prefix}, in name order, after {@code marker}, at most {@code max}. */
    public BlobPage list(AccountName account, String container, String prefix, String marker, int max)
            throws IOException {
        Path dir = containerDir(account, container);
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(p -> nameOf(p.getFileName().toString()))
                    .flatMap(Optional::stream)
                    .filter(name -> prefix == null || name.startsWith(prefix))
                    .filter(name -> marker == null || name.compareTo(marker) > 0)
                    .sorted(Comparator.naturalOrder())
                    .toList();
        } catch (NoSuchFileException e) {
            throw StorageErrors.containerNotFound(container);
        }
        List<StoredBlob> page = new ArrayList<>();
        for (String name : names) {
            if (page.size() == max) {
                break;
            }
            try {
                describe(name, dir.resolve(fileName(name))).ifPresent(page::add);
            } catch (BlobIntegrityException e) {
                // Logged by describe; a damaged file is left out of the listing rather than failing it.
            }
        }
        String next = names.size() > page.size() && !page.isEmpty()
                ? page.get(page.size() - 1).name()
                : null;
        return new BlobPage(page, next);
    }

    private Optional<StoredBlob> describe(String name, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            BlobHeader header = BlobHeader.read(channel);
            return Optional.of(new StoredBlob(
                    name, file, header, Files.getLastModifiedTime(file).toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (BlobIntegrityException e) {
            log.warn("Blob file {} has a damaged header; it is listed as unreadable", file.getFileName());
            throw e;
        }
    }

    private Path accountDir(AccountName account) {
        return blobsRoot.resolve(account.value());
    }

    private Path containerDir(AccountName account, String container) {
        return accountDir(account).resolve(BlobNames.container(container));
    }

    static String fileName(String blob) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(BlobNames.blob(blob).getBytes(StandardCharsets.UTF_8));
    }

    static Optional<String> nameOf(String fileName) {
        try {
            return Optional.of(new String(Base64.getUrlDecoder().decode(fileName), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void clearTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(path);
                } catch (DirectoryNotEmptyException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
