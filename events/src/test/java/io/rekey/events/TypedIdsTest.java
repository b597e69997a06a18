package io.rekey.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rekey.events.ids.AccountName;
import io.rekey.events.ids.InvalidIdException;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.key.KeyRevoked;
import io.rekey.events.key.RevocationScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TypedIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "..", "a/b", "key name", "tab\tkey", "ключ"})
    void keyName_invalid_isRefusedWithRule(String value) {
        InvalidIdException e = assertThrows(InvalidIdException.class, () -> KeyName.of(value));

        assertTrue(e.getMessage().contains("letters, digits and dashes"), e.getMessage());
        assertFalse(e.getMessage().contains("\t"), "control characters must not reach messages");
    }

    @Test
    void keyName_null_isRefused() {
        assertThrows(InvalidIdException.class, () -> new KeyName(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "UPPER", "with-dash", "abcdefghijklmnopqrstuvwxy"})
    void accountName_invalid_isRefused(String value) {
        assertThrows(InvalidIdException.class, () -> AccountName.of(value));
    }

    @Test
    void keyVersion_random_isValidAndUnique() {
        KeyVersion first = KeyVersion.random();

        assertEquals(32, first.value().length());
        assertFalse(first.equals(KeyVersion.random()));
    }

    @Test
    void keyVersion_notHex_isRefused() {
        assertThrows(InvalidIdException.class, () -> KeyVersion.of("zz23456789abcdef0123456789abcdef"));
    }

    @Test
    void keyRevoked_versionScopeWithoutVersion_isRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new KeyRevoked(SampleEvents.KEY, RevocationScope.VERSION, null, null, null));

        assertTrue(e.getMessage().contains("version"), e.getMessage());
    }
}
