package io.rekey.audit;

import io.rekey.service.main.ServiceRunner;

/** Runs the audit service as its own process: {@code --config FILE} (or {@code REKEY_CONFIG}) plus environment. */
public final class AuditMain {
    private AuditMain() {}

    public static void main(String[] args) throws InterruptedException {
        ServiceRunner.run("audit-service", args, AuditService::start);
    }
}
