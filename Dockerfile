# syntax=docker/dockerfile:1
# Inferstream, two targets from one build:
# - `service` (the default, last stage): the production image, the service jar; `run` by default, with
#   `submit` and `replay`;
# - `harness`: the full jar, for the AnnoLab simulator (docker compose's annolab-sim), the demo and the bench.

# ---- build: both jars (tests run in CI, not here) ----- ---------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
COPY schemas ./schemas
COPY src/main ./src/main
# The cache mount keeps downloaded dependencies between builds without baking them into a layer.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package

# ---- runtime ------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre AS base
# curl is for container health checks (compose); a numeric non-root user lets Kubernetes verify runAsNonRoot.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 inferstream \
 && useradd --system --uid 10001 --gid inferstream --home-dir /app --shell /usr/sbin/nologin inferstream \
 && mkdir -p /app /var/lib/inferstream \
 && chown inferstream:inferstream /var/lib/inferstream
WORKDIR /app
# RocksDB state lives here; mount a volume on it so a restart restores from disk, not the changelog.
ENV INFERSTREAM_STATE_DIR=/var/lib/inferstream \
    INFERSTREAM_HTTP_PORT=8080
EXPOSE 8080
USER 10001:10001
# Extra JVM flags go in JAVA_TOOL_OPTIONS, which the JVM reads itself (exec form expands no variables).
# Avro 1.12 instantiates generated classes only from trusted packages; ours must be on the list.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=java.lang,java.math,java.io,java.net,org.apache.avro.reflect,dev.inferstream.events,dev.inferstream.state", "-jar", "/app/inferstream.jar"]

# ---- harness: the full jar (simulator, demo, bench) -------------------------------------------------
FROM base AS harness
COPY --from=build /build/target/inferstream-all.jar /app/inferstream.jar
CMD ["annolab-sim"]

# ---- service: the production image (default target) --------------------------------------------------
FROM base AS service
COPY --from=build /build/target/inferstream-service.jar /app/inferstream.jar
CMD ["run"]
