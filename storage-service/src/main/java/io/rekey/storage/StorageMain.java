package io.rekey.storage;

import io.rekey.service.main.ServiceRunner;

/**
 * Runs storage-service as its own process: {@code --config FILE} (or environment {@code REKEY_CONFIG}) plus
 * {@code REKEY_*} environment variables. Stops cleanly on SIGTERM or Ctrl-C.
 */
public final class StorageMain {
    private StorageMain() {}

    public static void main(String[] args) throws InterruptedException {
        ServiceRunner.run("storage-service", args, StorageService::start);
    }
}
