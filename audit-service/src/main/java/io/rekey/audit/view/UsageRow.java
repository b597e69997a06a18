package io.rekey.audit.view;

import io.rekey.events.usage.KeyOperation;
import io.rekey.events.usage.UsageOutcome;

/**
 * How many times one caller performed one operation with one version of a key, with one outcome.
 *
 * @param version absent when the request named no existing version
 */
public record UsageRow(String version, String caller, KeyOperation operation, UsageOutcome outcome, long count) {}
