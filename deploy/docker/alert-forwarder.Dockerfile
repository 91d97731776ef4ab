# The alert forwarder's image (deploy/k8s/alert-forwarder.yaml). Build from the repository root
# after `mvn -B -DskipTests package`:
#   docker build -f deploy/docker/alert-forwarder.Dockerfile -t REGISTRY/flowsentry/alert-forwarder:0.1.0 .
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/alert-forwarder flowsentry
COPY sink-alerts/target/alert-forwarder.jar /opt/flowsentry/alert-forwarder.jar
USER 10001
EXPOSE 9192/tcp
ENTRYPOINT ["java", "-jar", "/opt/flowsentry/alert-forwarder.jar"]
