# One image holds all three services; the compose file picks the service with the command.
# Build stage: the project's own Maven wrapper, so the image builds the same way as a developer machine.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package

FROM eclipse-temurin:17-jre
RUN useradd --system --home /var/lib/rekey rekey && mkdir -p /var/lib/rekey && chown rekey /var/lib/rekey
WORKDIR /opt/rekey
COPY --from=build /src/launcher/target/lib/ lib/
COPY --from=build /src/launcher/target/rekey-launcher.jar lib/
USER rekey
ENV REKEY_VAULT_HTTP_HOST=0.0.0.0 REKEY_STORAGE_HTTP_HOST=0.0.0.0 REKEY_AUDIT_HTTP_HOST=0.0.0.0
ENTRYPOINT ["java", "-cp", "/opt/rekey/lib/*", "io.rekey.launcher.RekeyCommand"]
