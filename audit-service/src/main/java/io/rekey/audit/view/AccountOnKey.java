package io.rekey.audit.view;

import java.time.Instant;

/** One account as seen from the key that wraps its AEK. */
public record AccountOnKey(
        String version, boolean pinned, boolean locked, Instant lockedAt, String lockReason, Instant unlockedAt) {}
