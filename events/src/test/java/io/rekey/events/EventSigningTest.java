package io.rekey.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rekey.events.MalformedEventException.Reason;
import io.rekey.events.serde.EventJson;
import io.rekey.events.signing.EventVerifier;
import io.rekey.events.signing.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventSigningTest {
    private static final SigningKeys VAULT_KEYS = SigningKeys.generate();
    private final EventJson json = new EventJson();
    private final EventVerifier verifier = EventVerifier.trusting(VAULT_KEYS);

    @Test
    void signedEvent_verifies_andReadsBackEqual() {
        EventEnvelope signed = signedRotation();

        EventEnvelope read = verifier.readVerified(json.write(signed));

        assertEquals(signed, read);
        assertEquals(VAULT_KEYS.keyId(), read.signature().keyId());
    }

    @Test
    void signature_fieldAddedAfterSigning_failsVerification() {
        ObjectNode tree =
                json.toTree(SampleEvents.envelope(SampleEvents.oneOfEach().get(EventType.KEY_ROTATED)));
        tree.put("futureattribute", "kept");
        EventEnvelope signed = VAULT_KEYS.signer().sign(json.fromTree(tree));
        ObjectNode signedTree = json.toTree(signed);
        signedTree.put("futureattribute", "kept");

        MalformedEventException e =
                assertThrows(MalformedEventException.class, () -> verifier.readVerified(bytes(signedTree)));

        // The signature covered the event without the field, so adding one afterwards is a change and must fail.
        assertEquals(Reason.INVALID_SIGNATURE, e.reason());
    }

    @Test
    void signature_changedByteAnywhere_failsVerification() {
        byte[] record = json.write(signedRotation());
        String text = new String(record, StandardCharsets.UTF_8);
        int versionAt = text.indexOf(SampleEvents.V2.value());
        byte[] tampered = record.clone();
        tampered[versionAt] = (byte) (tampered[versionAt] == 'f' ? 'e' : 'f');

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> verifier.readVerified(tampered));

        assertEquals(Reason.INVALID_SIGNATURE, e.reason());
    }

    @Test
    void signature_fromAnotherKey_failsVerification() {
        SigningKeys impostor = SigningKeys.generate();
        EventVerifier trustsVaultId = new EventVerifier(java.util.Map.of(impostor.keyId(), VAULT_KEYS.publicKey()));
        byte[] record = json.write(impostor.signer().sign(unsignedRotation()));

        MalformedEventException e =
                assertThrows(MalformedEventException.class, () -> trustsVaultId.readVerified(record));

        assertEquals(Reason.INVALID_SIGNATURE, e.reason());
    }

    @Test
    void signature_fromUntrustedKeyId_failsWithHint() {
        byte[] record = json.write(SigningKeys.generate().signer().sign(unsignedRotation()));

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> verifier.readVerified(record));

        assertEquals(Reason.INVALID_SIGNATURE, e.reason());
        assertTrue(e.getMessage().contains("signing key"), e.getMessage());
    }

    @Test
    void signature_missing_failsAsMissing() {
        byte[] record = json.write(unsignedRotation());

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> verifier.readVerified(record));

        assertEquals(Reason.MISSING_SIGNATURE, e.reason());
    }

    @Test
    void signature_notBase64_failsVerification() {
        ObjectNode tree = json.toTree(signedRotation());
        tree.put("signature", "!!!not-base64!!!");

        MalformedEventException e =
                assertThrows(MalformedEventException.class, () -> verifier.readVerified(bytes(tree)));

        assertEquals(Reason.INVALID_SIGNATURE, e.reason());
    }

    @Test
    void signingKeys_writtenAndLoaded_signAndVerifyTheSame(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/event-signing.key");
        SigningKeys created = SigningKeys.loadOrCreate(file);

        SigningKeys loaded = SigningKeys.loadOrCreate(file);
        EventEnvelope signed = loaded.signer().sign(unsignedRotation());

        assertEquals(created.keyId(), loaded.keyId());
        EventVerifier.trusting(created).readVerified(json.write(signed));
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void signingKeys_toString_hidesPrivateKey() {
        String printed = VAULT_KEYS.toString();

        assertTrue(printed.contains(VAULT_KEYS.keyId()));
        assertTrue(!printed.contains(java.util.Base64.getEncoder()
                .encodeToString(VAULT_KEYS.privateKey().getEncoded())));
    }

    private static EventEnvelope unsignedRotation() {
        return SampleEvents.envelope(SampleEvents.oneOfEach().get(EventType.KEY_ROTATED));
    }

    private static EventEnvelope signedRotation() {
        return VAULT_KEYS.signer().sign(unsignedRotation());
    }

    private static byte[] bytes(ObjectNode tree) {
        return tree.toString().getBytes(StandardCharsets.UTF_8);
    }
}
