package io.rekey.audit.topology;

import io.rekey.events.EventEnvelope;

/** A source record after decoding: the event it holds, or the raw bytes to park in the dead-letter topic. */
public record Decoded(EventEnvelope event, byte[] raw) {

    static Decoded accepted(EventEnvelope event) {
        return new Decoded(event, null);
    }

    static Decoded rejected(byte[] raw) {
        return new Decoded(null, raw);
    }

    public boolean isRejected() {
        return event == null;
    }
}
