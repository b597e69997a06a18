package io.rekey.vault.store;

/** The journal cannot be used to rebuild the vault; fatal at start-up, with a message that says what to fix. */
public class JournalException extends RuntimeException {
    public JournalException(String message) {
        super(message);
    }

    /** The journal was sealed under a different root key than the one this vault was started with. */
    public static final class WrongRootKey extends JournalException {
        public WrongRootKey(String message) {
            super(message);
        }
    }
}
