package io.rekey.storage.account;

import io.rekey.events.EventEnvelope;
import io.rekey.events.account.AccountEvent;
import io.rekey.events.ids.AccountName;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Every account's current state, in memory, folded from {@code storage.account-events}. Deleted accounts stay as
 * tombstones so that a re-created account continues the sequence.
 */
public final class AccountRegistry {
    private final ConcurrentMap<AccountName, AccountState> accounts = new ConcurrentHashMap<>();

    /**
     * Applies one event if it is the next for its account; an event at or below the applied sequence changes nothing.
     *
     * @return true if the state changed
     */
    public boolean apply(EventEnvelope envelope) {
        if (!(envelope.data() instanceof AccountEvent event)) {
            return false;
        }
        boolean[] changed = {false};
        accounts.compute(event.account(), (name, current) -> {
            if (current != null && envelope.sequence() <= current.sequence()) {
                return current;
            }
            AccountState next = AccountState.evolve(current, envelope);
            changed[0] = next != current;
            return next;
        });
        return changed[0];
    }

    /** The account unless it does not exist or was deleted. */
    public Optional<AccountState> find(AccountName name) {
        return Optional.ofNullable(accounts.get(name)).filter(state -> !state.deleted());
    }

    /** The state including a tombstone: what the next event's sequence follows. */
    public Optional<AccountState> latest(AccountName name) {
        return Optional.ofNullable(accounts.get(name));
    }

    public List<AccountState> active() {
        return accounts.values().stream()
                .filter(state -> !state.deleted())
                .sorted(Comparator.comparing(AccountState::name))
                .toList();
    }
}
