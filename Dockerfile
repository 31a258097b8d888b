# syntax=docker/dockerfile:1
# Hookbridge as a container: the shaded jar on a Java 17 runtime, run as a non-root user.
#
#   docker build -t hookbridge .
#   docker run -d --name hookbridge -p 8080:8080 --stop-timeout 30 \
#     -v hookbridge-data:/var/lib/hookbridge --env-file hookbridge.env hookbridge
#
# The image holds the repository's application.properties, application-prod.properties and
# routes/ in /opt/hookbridge (the working directory). To use your own, mount them over those:
#   -v /etc/hookbridge/application.properties:/opt/hookbridge/application.properties:ro
#   -v /etc/hookbridge/routes:/opt/hookbridge/routes:ro
# Settings can also be given as environment variables (HOOKBRIDGE_DB_URL, CAMEL_MAIN_PROFILE=prod),
# secrets only that way; extra JVM options through JAVA_TOOL_OPTIONS.

# --- Build: the jar from the sources (the tests run in CI, not here)
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
COPY src/main ./src/main
# the Maven repository is kept between builds in a build cache, not in the image
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package

# --- Runtime
FROM eclipse-temurin:17-jre
# a fixed uid and gid (10001), so that a mounted data folder can be given to it: chown 10001:10001
RUN groupadd --system --gid 10001 hookbridge \
    && useradd --system --uid 10001 --gid hookbridge --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin hookbridge \
    && mkdir -p /var/lib/hookbridge \
    && chown hookbridge:hookbridge /var/lib/hookbridge \
    && chmod 0750 /var/lib/hookbridge
WORKDIR /opt/hookbridge
# owned by root and read-only for the bridge: it writes only to its data folder (and /tmp)
COPY --from=build /build/target/hookbridge.jar ./hookbridge.jar
COPY application.properties application-prod.properties ./
COPY routes ./routes

# The generated webhook token and the default SQLite journal; keep it on a volume
ENV HOOKBRIDGE_DATA_DIR=/var/lib/hookbridge
VOLUME /var/lib/hookbridge

USER 10001:10001
# webhooks (camel.server.port); health and metrics (camel.management.port): publish that one
# to a private network only
EXPOSE 8080 9876
# A HEALTHCHECK goes here, probing http://127.0.0.1:9876/observe/health/live, once the image has
# an HTTP client to probe with; an orchestrator can probe /observe/health/ready itself.

# exec form: java is process 1 and gets docker stop's SIGTERM itself; the bridge then finishes the
# deliveries in progress (up to 20 s: give docker stop --stop-timeout 30 or more)
ENTRYPOINT ["java", "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/hookbridge/hookbridge.jar"]
