package io.rekey.launcher.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rekey.events.serde.EventJson;
import io.rekey.launcher.local.LocalSystem.Service;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The HTTP ports a local system last ran on, kept in {@code <data>/ports.json} so a restart reuses them. */
final class LocalPorts {
    private static final String FILE_NAME = "ports.json";

    private LocalPorts() {}

    static Map<Service, Integer> read(Path dataDir) throws IOException {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return ports;
        }
        JsonNode tree = EventJson.mapper().readTree(file.toFile());
        for (Service service : Service.values()) {
            int port = tree.path(service.name().toLowerCase(Locale.ROOT)).asInt(0);
            if (port > 0) {
                ports.put(service, port);
            }
        }
        return ports;
    }

    static void write(Path dataDir, LocalEndpoints endpoints) throws IOException {
        Map<Service, Integer> ports = read(dataDir);
        put(ports, Service.VAULT, endpoints.vaultUrl());
        put(ports, Service.STORAGE, endpoints.storageUrl());
        put(ports, Service.AUDIT, endpoints.auditUrl());
        ObjectNode tree = EventJson.mapper().createObjectNode();
        ports.forEach((service, port) -> tree.put(service.name().toLowerCase(Locale.ROOT), port));
        Files.writeString(dataDir.resolve(FILE_NAME), tree.toPrettyString());
    }

    private static void put(Map<Service, Integer> ports, Service service, String url) {
        if (url != null) {
            ports.put(service, URI.create(url).getPort());
        }
    }
}
