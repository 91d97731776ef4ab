# The decoder's image (deploy/k8s/flow-decoder.yaml). Build from the repository root after
# `mvn -B -DskipTests package`:
#   docker build -f deploy/docker/flow-decoder.Dockerfile -t REGISTRY/flowsentry/flow-decoder:0.1.0 .
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/flow-decoder flowsentry
COPY flow-decoder/target/flow-decoder.jar /opt/flowsentry/flow-decoder.jar
USER 10001
EXPOSE 2055/udp 9191/tcp
ENTRYPOINT ["java", "-jar", "/opt/flowsentry/flow-decoder.jar"]
