package io.rekey.audit.view;

import java.util.Map;
import java.util.TreeMap;

/** The accounts whose AEK a key wraps, by account name. */
public record KeyAccounts(Map<String, AccountOnKey> accounts) {

    public KeyAccounts {
        accounts = new TreeMap<>(accounts);
    }

    public static KeyAccounts empty() {
        return new KeyAccounts(Map.of());
    }

    public KeyAccounts with(AccountState state) {
        Map<String, AccountOnKey> more = new TreeMap<>(accounts);
        more.put(state.account(), state.onKey());
        return new KeyAccounts(more);
    }

    public KeyAccounts without(AccountState state) {
        Map<String, AccountOnKey> fewer = new TreeMap<>(accounts);
        fewer.remove(state.account());
        return new KeyAccounts(fewer);
    }
}
