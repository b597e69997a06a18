package io.rekey.vault;

import io.rekey.service.main.ServiceRunner;

/** Runs the vault as its own process: {@code --config FILE} (or env {@code REKEY_CONFIG}) plus environment. */
public final class VaultMain {
    private VaultMain() {}

    public static void main(String[] args) throws InterruptedException {
        ServiceRunner.run("vault-service", args, VaultService::start);
    }
}
