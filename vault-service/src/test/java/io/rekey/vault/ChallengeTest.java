package io.rekey.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChallengeTest {

    @Test
    void challengeResource_dnsName_isTheParentDomain() {
        assertEquals("https://example.com", VaultService.challengeResource("https://keys.example.com:8443"));
        assertEquals("https://rekey.example", VaultService.challengeResource("https://vault.rekey.example"));
    }

    @Test
    void challengeResource_addressOrSingleLabel_isTheVaultUrl() {
        assertEquals("https://127.0.0.1:8443", VaultService.challengeResource("https://127.0.0.1:8443"));
        assertEquals("https://localhost:8443", VaultService.challengeResource("https://localhost:8443"));
        assertEquals("https://[::1]:8443", VaultService.challengeResource("https://[::1]:8443"));
    }

    @Test
    void defaultChallenge_namesATenantPathAndTheResource() {
        assertEquals(
                "Bearer authorization=\"https://keys.example.com/rekey\", resource=\"https://example.com\"",
                VaultService.challenge(VaultService.DEFAULT_CHALLENGE, "https://keys.example.com"));
    }
}
