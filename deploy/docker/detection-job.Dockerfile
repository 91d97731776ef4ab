# The detection job's image for the Flink Kubernetes Operator (deploy/k8s/detection-job.yaml).
# Build from the repository root after `mvn -B -DskipTests package`:
#   docker build -f deploy/docker/detection-job.Dockerfile -t REGISTRY/flowsentry/detection-job:0.1.0 .
FROM flink:2.2.1-java17
# JobLauncher (flowsentry-deploy.jar) reads the job's parameters from the mounted ConfigMap.
COPY --chown=flink:flink detection-job/target/detection-job.jar deploy/target/flowsentry-deploy.jar /opt/flink/usrlib/
