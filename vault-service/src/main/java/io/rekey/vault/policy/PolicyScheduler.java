package io.rekey.vault.policy;

import io.rekey.events.key.RotationTrigger;
import io.rekey.service.http.ApiException;
import io.rekey.vault.crypto.RsaCrypto;
import io.rekey.vault.keys.KeyCommand;
import io.rekey.vault.keys.KeyState;
import io.rekey.vault.store.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on time: rotates keys whose rotation policy says so (a {@code KeyRotated} with trigger POLICY), purges
 * soft-deleted keys whose retention has ended, and checks that this instance still owns the journal. Runs on one
 * background thread.
 */
public final class PolicyScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PolicyScheduler.class);

    private final KeyStore store;
    private final Clock clock;
    private final ScheduledExecutorService executor;

    public PolicyScheduler(KeyStore store, Clock clock, Duration interval, Duration ownershipInterval) {
        this.store = store;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "vault-policy-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(10, interval.toMillis());
        executor.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
        long ownershipMillis = Math.max(10, ownershipInterval.toMillis());
        executor.scheduleWithFixedDelay(this::checkOwnership, ownershipMillis, ownershipMillis, TimeUnit.MILLISECONDS);
    }

    /** One pass over every key; public so tests and tools can force a pass. */
    public void runOnce() {
        if (!store.canWrite()) {
            return;
        }
        Instant now = clock.instant();
        for (KeyState state : store.all()) {
            try {
                act(state, now);
            } catch (ApiException e) {
                log.warn("Scheduled action on key {} was refused: {}", state.name(), e.getMessage());
            } catch (RuntimeException e) {
                log.warn("Scheduled action on key {} failed; it is retried on the next pass", state.name(), e);
            }
        }
    }

    private void act(KeyState state, Instant now) {
        if (state.exists() && state.isDeleted() && !now.isBefore(state.scheduledPurge())) {
            log.info("Key {} reached the end of its retention; purging it", state.name());
            store.execute(new KeyCommand.PurgeKey(state.name()));
            return;
        }
        if (!state.isActive() || state.rotationPolicy() == null) {
            return;
        }
        Optional<Instant> due = state.rotationPolicy()
                .rotationDue(state.current().created(), state.current().expires());
        if (due.isPresent() && !now.isBefore(due.get())) {
            log.info(
                    "Key {} is due for rotation by its policy (version {})",
                    state.name(),
                    state.current().version());
            store.execute(new KeyCommand.RotateKey(
                    state.name(),
                    RotationTrigger.POLICY,
                    RsaCrypto.generate(state.current().keySize())));
        }
    }

    private void checkOwnership() {
        try {
            store.checkOwnership();
        } catch (RuntimeException e) {
            log.warn("Checking that this vault still owns the journal failed; it is retried: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
