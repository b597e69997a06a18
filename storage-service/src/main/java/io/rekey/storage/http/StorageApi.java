package io.rekey.storage.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.rekey.events.ids.AccountName;
import io.rekey.events.serde.EventJson;
import io.rekey.service.auth.BearerAuth;
import io.rekey.service.http.ApiException;
import io.rekey.service.http.HttpService;
import io.rekey.storage.StorageErrors;
import io.rekey.storage.account.AccountKeys;
import io.rekey.storage.account.AccountService;
import io.rekey.storage.account.AccountState;
import io.rekey.storage.blob.BlobNames;
import io.rekey.storage.blob.BlobPage;
import io.rekey.storage.blob.BlobStore;
import io.rekey.storage.blob.StoredBlob;
import io.rekey.storage.crypto.AesKey;
import io.rekey.storage.crypto.BlobIntegrityException;
import io.rekey.storage.crypto.BlobReader;
import io.rekey.storage.crypto.BlobTooLargeException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage HTTP API: accounts, containers and blobs. Blob bodies stream in and out; neither direction holds a
 * whole blob in memory. On a locked account only operations that need no key are allowed: reading the account,
 * listing containers and blobs, reading a blob's metadata (HEAD), and deleting blobs, containers or the account.
 */
public final class StorageApi {
    private static final Logger log = LoggerFactory.getLogger(StorageApi.class);
    private static final int MAX_RESULTS = 5000;
    private static final int COPY_BUFFER = 64 * 1024;
    private static final long DRAIN_LIMIT = 16L * 1024 * 1024;

    private final AccountService accounts;
    private final AccountKeys keys;
    private final BlobStore blobs;
    private final BearerAuth auth;
    private final long maxBlobBytes;

    public StorageApi(AccountService accounts, AccountKeys keys, BlobStore blobs, BearerAuth auth, long maxBlobBytes) {
        this.accounts = accounts;
        this.keys = keys;
        this.blobs = blobs;
        this.auth = auth;
        this.maxBlobBytes = maxBlobBytes;
    }

    public void routes(RoutesConfig routes) {
        routes.exception(ByteRange.RangeNotSatisfiable.class, (e, ctx) -> {
            ctx.header("Content-Range", "bytes */" + e.size());
            HttpService.respond(ctx, e);
        });
        routes.exception(AbortedResponse.class, (e, ctx) -> {});
        routes.before(auth::authenticate);

        routes.post("/accounts", this::createAccount);
        routes.get("/accounts", this::listAccounts);
        routes.get("/accounts/{account}", ctx -> ctx.json(AccountJson.account(account(ctx), keys)));
        routes.delete("/accounts/{account}", this::deleteAccount);
        routes.put("/accounts/{account}/encryption", this::changeEncryption);

        routes.get("/accounts/{account}/containers", this::listContainers);
        routes.put("/accounts/{account}/containers/{container}", this::createContainer);
        routes.delete("/accounts/{account}/containers/{container}", this::deleteContainer);

        routes.get("/accounts/{account}/containers/{container}/blobs", this::listBlobs);
        routes.put("/accounts/{account}/containers/{container}/blobs/{blob}", this::putBlob);
        routes.get("/accounts/{account}/containers/{container}/blobs/{blob}", this::getBlob);
        routes.head("/accounts/{account}/containers/{container}/blobs/{blob}", this::headBlob);
        routes.delete("/accounts/{account}/containers/{container}/blobs/{blob}", this::deleteBlob);
    }

    private void createAccount(Context ctx) throws IOException {
        JsonNode body = EventJson.mapper().readTree(ctx.bodyAsBytes());
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("BadParameter", "send a JSON object with 'name' and 'encryption'");
        }
        AccountName name = accountName(body.path("name").asText(""));
        AccountState created = accounts.create(name, AccountJson.spec(body.get("encryption")));
        ctx.status(201).json(AccountJson.account(created, keys));
    }

    private void listAccounts(Context ctx) {
        List<Map<String, Object>> all =
                accounts.list().stream().map(a -> AccountJson.account(a, keys)).toList();
        ctx.json(Map.of("value", all));
    }

    private void deleteAccount(Context ctx) {
        accounts.delete(account(ctx).name());
        ctx.status(204);
    }

    private void changeEncryption(Context ctx) throws IOException {
        AccountState account = account(ctx);
        JsonNode body = EventJson.mapper().readTree(ctx.bodyAsBytes());
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("BadParameter", "send the encryption settings as a JSON object");
        }
        JsonNode encryption = body.has("encryption") ? body.get("encryption") : body;
        ctx.json(AccountJson.account(accounts.changeEncryption(account.name(), AccountJson.spec(encryption)), keys));
    }

    private void listContainers(Context ctx) throws IOException {
        AccountState account = account(ctx);
        List<Map<String, Object>> names = blobs.containers(account.name()).stream()
                .map(name -> Map.<String, Object>of("name", name))
                .toList();
        ctx.json(Map.of("value", names));
    }

    private void createContainer(Context ctx) throws IOException {
        AccountState account = account(ctx);
        String container = BlobNames.container(ctx.pathParam("container"));
        refuseIfLocked(account);
        if (!blobs.createContainer(account.name(), container)) {
            throw StorageErrors.containerExists(container);
        }
        ctx.status(201).json(Map.of("name", container));
    }

    private void deleteContainer(Context ctx) throws IOException {
        AccountState account = account(ctx);
        String container = BlobNames.container(ctx.pathParam("container"));
        if (!blobs.deleteContainer(account.name(), container)) {
            throw StorageErrors.containerNotFound(container);
        }
        ctx.status(204);
    }

    private void listBlobs(Context ctx) throws IOException {
        AccountState account = account(ctx);
        String container = container(ctx, account);
        int max = maxResults(ctx.queryParam("maxresults"));
        String marker = emptyToNull(ctx.queryParam("marker"));
        BlobPage page = blobs.list(account.name(), container, emptyToNull(ctx.queryParam("prefix")), marker, max);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", page.blobs().stream().map(StorageApi::blobJson).toList());
        body.put("nextMarker", page.nextMarker());
        ctx.json(body);
    }

    private void putBlob(Context ctx) throws IOException {
        AccountState account = account(ctx);
        String container = container(ctx, account);
        String name = BlobNames.blob(ctx.pathParam("blob"));
        refuseIfLocked(account);
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBlobBytes) {
            if (declared - maxBlobBytes > DRAIN_LIMIT || !drained(ctx)) {
                ctx.header("Connection", "close");
            }
            throw tooLarge();
        }
        AesKey aek = accounts.aekFor(account);
        StoredBlob stored;
        try (InputStream in = ctx.req().getInputStream()) {
            stored = blobs.put(
                    account.name(), container, name, in, ctx.header("Content-Type"), aek, AccountState.AEK_GENERATION);
        } catch (BlobTooLargeException e) {
            if (!drained(ctx)) {
                ctx.header("Connection", "close");
            }
            throw tooLarge();
        }
        describe(ctx, stored);
        ctx.status(201).json(blobJson(stored));
    }

    private void headBlob(Context ctx) throws IOException {
        AccountState account = account(ctx);
        StoredBlob stored = blob(ctx, account, container(ctx, account));
        describe(ctx, stored);
        ctx.header("Content-Length", Long.toString(stored.header().plaintextLength()));
        ctx.header("Content-Type", stored.header().contentType());
        ctx.status(200);
    }

    private void getBlob(Context ctx) throws IOException {
        AccountState account = account(ctx);
        String container = container(ctx, account);
        refuseIfLocked(account);
        StoredBlob stored = blob(ctx, account, container);
        long size = stored.header().plaintextLength();
        Optional<ByteRange> range = ByteRange.parse(ctx.header("Range"), size);
        AesKey aek = accounts.aekFor(account);
        BlobReader reader;
        try {
            reader = blobs.open(stored, account.name(), container, aek, AccountState.AEK_GENERATION);
        } catch (BlobIntegrityException e) {
            log.error(
                    "Refused to serve blob {}/{} of account {}: it failed authentication",
                    container,
                    stored.name(),
                    account.name());
            throw StorageErrors.integrity(stored.name());
        }
        long start = range.map(ByteRange::start).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        try (InputStream in = reader.stream(start, length)) {
            stream(ctx, account, container, stored, range, in, length);
        }
    }

    private void stream(
            Context ctx,
            AccountState account,
            String container,
            StoredBlob stored,
            Optional<ByteRange> range,
            InputStream in,
            long length)
            throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        int first;
        try {
            first = in.readNBytes(buffer, 0, buffer.length);
        } catch (BlobIntegrityException e) {
            throw StorageErrors.integrity(stored.name());
        }
        HttpServletResponse response = ctx.res();
        describe(ctx, stored);
        response.setContentType(stored.header().contentType());
        response.setContentLengthLong(length);
        if (range.isPresent()) {
            response.setStatus(206);
            response.setHeader(
                    "Content-Range",
                    "bytes " + range.get().start() + "-" + range.get().end() + "/"
                            + stored.header().plaintextLength());
        } else {
            response.setStatus(200);
            response.setHeader(
                    "Content-Digest", "sha-256=:" + base64(stored.header().sha256()) + ":");
        }
        OutputStream out = response.getOutputStream();
        out.write(buffer, 0, first);
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (BlobIntegrityException e) {
            // Headers and part of the body are gone already. Stop short of the declared length so the client sees
            // a broken response, never a short one that looks complete.
            log.error(
                    "Aborted blob {}/{} of account {} mid-stream: a segment failed authentication",
                    container,
                    stored.name(),
                    account.name());
            response.flushBuffer();
            throw new AbortedResponse();
        }
    }

    private void deleteBlob(Context ctx) throws IOException {
        AccountState account = account(ctx);
        String container = container(ctx, account);
        String name = BlobNames.blob(ctx.pathParam("blob"));
        if (!blobs.delete(account.name(), container, name)) {
            throw StorageErrors.blobNotFound(name);
        }
        ctx.status(202);
    }

    private AccountState account(Context ctx) {
        return accounts.get(accountName(ctx.pathParam("account")));
    }

    private static AccountName accountName(String text) {
        try {
            return AccountName.of(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("InvalidAccountName", e.getMessage());
        }
    }

    private String container(Context ctx, AccountState account) {
        String container = BlobNames.container(ctx.pathParam("container"));
        if (!blobs.containerExists(account.name(), container)) {
            throw StorageErrors.containerNotFound(container);
        }
        return container;
    }

    private StoredBlob blob(Context ctx, AccountState account, String container) throws IOException {
        String name = BlobNames.blob(ctx.pathParam("blob"));
        try {
            return blobs.find(account.name(), container, name).orElseThrow(() -> StorageErrors.blobNotFound(name));
        } catch (BlobIntegrityException e) {
            throw StorageErrors.integrity(name);
        }
    }

    private void refuseIfLocked(AccountState account) {
        if (account.isLocked()) {
            throw StorageErrors.locked(account);
        }
        if (keys.isFenced(account.name())) {
            throw StorageErrors.lockingNow(account);
        }
    }

    /**
     * Reads and discards what is left of an oversized body, up to a bound, so the client (which is still sending) gets
     * the 413 instead of a reset connection. Past the bound the connection is closed instead.
     */
    private static boolean drained(Context ctx) {
        try {
            InputStream rest = ctx.req().getInputStream();
            byte[] sink = new byte[COPY_BUFFER];
            long left = DRAIN_LIMIT + 1;
            int n;
            while (left > 0 && (n = rest.read(sink)) >= 0) {
                left -= n;
            }
            return left > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private ApiException tooLarge() {
        return new ApiException(
                413,
                "BlobTooLarge",
                "the blob is larger than the limit of " + maxBlobBytes + " bytes; nothing was kept");
    }

    private static void describe(Context ctx, StoredBlob stored) {
        ctx.header("ETag", stored.header().etag());
        ctx.header(
                "Last-Modified",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        stored.lastModified().atZone(ZoneOffset.UTC)));
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("x-ms-content-sha256", base64(stored.header().sha256()));
        ctx.header("Repr-Digest", "sha-256=:" + base64(stored.header().sha256()) + ":");
    }

    private static Map<String, Object> blobJson(StoredBlob stored) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", stored.name());
        body.put("size", stored.header().plaintextLength());
        body.put("contentType", stored.header().contentType());
        body.put("etag", stored.header().etag());
        body.put("contentSha256", base64(stored.header().sha256()));
        body.put("lastModified", stored.lastModified().toString());
        return body;
    }

    private static int maxResults(String text) {
        if (text == null || text.isEmpty()) {
            return MAX_RESULTS;
        }
        try {
            int max = Integer.parseInt(text);
            if (max < 1 || max > MAX_RESULTS) {
                throw new NumberFormatException();
            }
            return max;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("InvalidQueryParameter", "maxresults must be between 1 and " + MAX_RESULTS);
        }
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Thrown after a response was cut short on purpose; the server must not append an error body. */
    static final class AbortedResponse extends RuntimeException {
        AbortedResponse() {
            super("response aborted", null, false, false);
        }
    }
}
