package io.rekey.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rekey.service.main.ServiceRunner;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VaultMainTest {

    @Test
    void configFile_fromEitherArgumentForm_isFound() {
        assertEquals(
                Optional.of(Path.of("a.properties")),
                ServiceRunner.configFile(new String[] {"--config", "a.properties"}));
        assertEquals(
                Optional.of(Path.of("b.properties")), ServiceRunner.configFile(new String[] {"--config=b.properties"}));
    }
}
