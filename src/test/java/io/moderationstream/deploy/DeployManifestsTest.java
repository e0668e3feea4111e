package io.moderationstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.moderationstream.config.ConfigLoader;
import io.moderationstream.config.JobConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Offline validation of what platform teams deploy: no Docker engine or cluster is needed (none exists here). */
class DeployManifestsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<JsonNode> documents(Path file) throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    /**
     * Like {@code kubectl apply --validate=strict} against the Flink Kubernetes operator's CRD (its API jar ships the
     * schema): every field of both FlinkDeployments, pod templates included, must exist there with the right type.
     * The CRD reachable here is operator 1.10's, whose flinkVersion enum ends at v1_20; v2_2 needs a newer operator,
     * so that one enum is not checked.
     */
    @Test
    void flinkDeploymentsFollowTheOperatorsCrdSchema() throws Exception {
        JsonNode crd;
        try (var in = getClass().getResourceAsStream("/META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml")) {
            assertThat(in).as("CRD schema from flink-kubernetes-operator-api").isNotNull();
            crd = YAML.readTree(in);
        }
        JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
        assertThat(schema.at("/properties/spec/properties/jobManager").isObject()).as("the CRD's schema was found").isTrue();
        for (String file : List.of("deploy/k8s/flink-deployment.yaml", "deploy/k8s/flink-deployment-gpu.yaml")) {
            List<JsonNode> deployments = documents(Path.of(file)).stream()
                    .filter(d -> "FlinkDeployment".equals(d.path("kind").asText())).toList();
            assertThat(deployments).as(file).hasSize(1);
            List<String> errors = new ArrayList<>();
            // apiVersion, kind and metadata belong to every Kubernetes object, not to the CRD's schema.
            validate(deployments.get(0).path("spec"), schema.at("/properties/spec"), ".spec", errors);
            assertThat(errors).as(file).isEmpty();
        }
    }

    /** OpenAPI v3 structural schema check: unknown fields, types, enums (the subset CRDs use). */
    private static void validate(JsonNode value, JsonNode schema, String path, List<String> errors) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isInt() && !value.isTextual()) {
                errors.add(path + ": expected int or string");
            }
            return;
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    errors.add(path + ": expected object");
                    return;
                }
                JsonNode properties = schema.path("properties");
                JsonNode additional = schema.path("additionalProperties");
                boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
                value.fields().forEachRemaining(field -> {
                    String at = path + "." + field.getKey();
                    if (properties.has(field.getKey())) {
                        validate(field.getValue(), properties.get(field.getKey()), at, errors);
                    } else if (additional.isObject()) {
                        validate(field.getValue(), additional, at, errors);
                    } else if (!preserveUnknown && !properties.isMissingNode()) {
                        errors.add(at + ": unknown field");
                    }
                });
            }
            case "array" -> {
                if (!value.isArray()) {
                    errors.add(path + ": expected array");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    validate(value.get(i), schema.path("items"), path + "[" + i + "]", errors);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    errors.add(path + ": expected string, got " + value);
                } else if (schema.has("enum") && !path.endsWith(".flinkVersion")) {
                    List<String> allowed = new ArrayList<>();
                    schema.get("enum").forEach(e -> allowed.add(e.asText()));
                    if (!allowed.contains(value.asText())) {
                        errors.add(path + ": " + value.asText() + " not in " + allowed);
                    }
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    errors.add(path + ": expected integer, got " + value);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    errors.add(path + ": expected number, got " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(path + ": expected boolean, got " + value);
                }
            }
            default -> {
                // no type: anything goes (x-kubernetes-preserve-unknown-fields)
            }
        }
    }

    @Test
    void everyJobConfigLoadsIntoTheTypedConfig() throws Exception {
        ConfigLoader loader = new ConfigLoader(Map.of("WATERMARK_HASHING_KEY", "1", "KAFKA_SASL_PASSWORD", "x"));
        try (Stream<Path> files = Files.list(Path.of("jobs"))) {
            List<Path> yamls = files.filter(p -> p.toString().endsWith(".yaml")).toList();
            assertThat(yamls).hasSizeGreaterThanOrEqualTo(4);
            for (Path p : yamls) {
                JobConfig c = loader.load(p, List.of());
                assertThat(c.kafka.transactionTimeout).as(p.toString()).isLessThan(java.time.Duration.ofMinutes(15));
            }
        }
    }

    @Test
    void composeFileWiresBrokerFlinkJobAndProducer() throws Exception {
        // SnakeYAML resolves anchors and aliases the way docker compose does.
        Object loaded = new org.yaml.snakeyaml.Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        JsonNode compose = new ObjectMapper().valueToTree(loaded);
        JsonNode services = compose.get("services");
        assertThat(services.fieldNames()).toIterable().contains("kafka", "kafka-init", "jobmanager", "taskmanager", "producer", "schema-registry");
        JsonNode kafkaEnv = services.get("kafka").get("environment");
        assertThat(kafkaEnv.get("KAFKA_PROCESS_ROLES").asText()).contains("controller");
        assertThat(kafkaEnv.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asInt()).isEqualTo(1);
        assertThat(kafkaEnv.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR").asInt()).isEqualTo(1);
        assertThat(kafkaEnv.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR").asInt()).isEqualTo(1);
        long brokerMax = kafkaEnv.get("KAFKA_TRANSACTION_MAX_TIMEOUT_MS").asLong();
        JobConfig job = new ConfigLoader(Map.of()).load(Path.of("jobs/compose.yaml"), List.of());
        assertThat(job.kafka.transactionTimeout.toMillis()).isLessThan(brokerMax);
        // Registry framing against the compose registry, which the job waits for.
        assertThat(job.serialization.format).isEqualTo(io.moderationstream.io.WireFormat.REGISTRY);
        assertThat(URI.create(job.serialization.registryUrl).getHost()).isEqualTo("schema-registry");
        assertThat(services.get("jobmanager").get("depends_on").has("schema-registry")).isTrue();
        assertThat(services.get("jobmanager").get("command").asText()).contains("standalone-job")
                .contains("--job-classname " + io.moderationstream.pipeline.ModerationJob.class.getName()).contains("jobs/compose.yaml");
        assertThat(services.get("taskmanager").get("command").asText()).isEqualTo("taskmanager");
        assertThat(services.get("jobmanager").get("image").asText()).startsWith("moderation-stream");
        for (String s : List.of("jobmanager", "taskmanager")) {
            assertThat(services.get(s).get("environment").get("FLINK_PROPERTIES").asText())
                    .contains("state.checkpoints.dir").contains("PrometheusReporterFactory");
        }
        String dockerfile = Files.readString(Path.of("deploy/Dockerfile"));
        assertThat(dockerfile).contains("FROM flink:2.2.1-java17").contains("/opt/flink/lib/")
                .contains("target/moderation-stream-job.jar /opt/flink/usrlib/");
        assertThat(dockerfile.lines().filter(l -> l.contains("/opt/flink/usrlib/")).toList())
                .noneMatch(l -> l.contains("target/moderation-stream.jar"));
    }

    /**
     * Every s3:// path (checkpoints, savepoints, HA) is reachable: the image enables an S3 filesystem plugin, and
     * each place that uses one has the credentials in its environment (from a Secret on Kubernetes) and says
     * where the endpoint is. Compose brings MinIO and creates the bucket its paths name.
     */
    @Test
    void everyS3PathHasAFilesystemPluginCredentialsAndAnEndpoint() throws Exception {
        String dockerfile = Files.readString(Path.of("deploy/Dockerfile"));
        assertThat(dockerfile).containsPattern("cp /opt/flink/opt/flink-s3-fs-(presto|hadoop)-\\*\\.jar /opt/flink/plugins/s3-fs-(presto|hadoop)/");

        Object loaded = new org.yaml.snakeyaml.Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        JsonNode services = new ObjectMapper().valueToTree(loaded).get("services");
        String buckets = services.path("minio-init").path("command").toString();
        for (String s : List.of("jobmanager", "taskmanager")) {
            JsonNode env = services.get(s).get("environment");
            Map<String, String> flink = flinkProperties(env.get("FLINK_PROPERTIES").asText());
            List<String> paths = flink.values().stream().filter(v -> v.startsWith("s3://")).toList();
            assertThat(paths).as(s).isNotEmpty();
            assertThat(flink).as(s).containsEntry("s3.endpoint", "http://minio:9000").containsEntry("s3.path.style.access", "true");
            assertThat(env.has("AWS_ACCESS_KEY_ID") && env.has("AWS_SECRET_ACCESS_KEY")).as(s + " credentials").isTrue();
            paths.forEach(p -> assertThat(buckets).as(s + ": bucket of " + p).contains("local/" + p.substring(5, p.indexOf('/', 5))));
        }
        assertThat(services.has("minio")).isTrue();
        assertThat(services.get("minio").path("environment").path("MINIO_ROOT_USER").asText())
                .isEqualTo(services.get("jobmanager").path("environment").path("AWS_ACCESS_KEY_ID").asText());

        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("deploy/k8s"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                all.addAll(documents(p));
            }
        }
        Map<String, List<String>> secretKeys = new java.util.HashMap<>();
        all.stream().filter(d -> d.path("kind").asText().equals("Secret"))
                .forEach(d -> secretKeys.put(d.at("/metadata/name").asText(), iterate(d.path("stringData").fieldNames())));
        for (JsonNode d : all.stream().filter(d -> d.path("kind").asText().equals("FlinkDeployment")).toList()) {
            String name = d.at("/metadata/name").asText();
            JsonNode conf = d.at("/spec/flinkConfiguration");
            List<String> paths = new ArrayList<>();
            conf.fields().forEachRemaining(e -> {
                if (e.getValue().asText().startsWith("s3://")) {
                    paths.add(e.getValue().asText());
                }
            });
            assertThat(paths).as(name).isNotEmpty();
            assertThat(conf.path("s3.endpoint").asText()).as(name).startsWith("http");
            Map<String, JsonNode> env = new java.util.HashMap<>();
            d.at("/spec/podTemplate/spec/containers/0/env").forEach(e -> env.put(e.path("name").asText(), e));
            for (String variable : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
                JsonNode ref = env.getOrDefault(variable, com.fasterxml.jackson.databind.node.MissingNode.getInstance()).at("/valueFrom/secretKeyRef");
                assertThat(ref.isMissingNode()).as(name + ": " + variable + " from a Secret").isFalse();
                assertThat(secretKeys.get(ref.path("name").asText())).as(name + ": " + variable + "'s Secret").contains(ref.path("key").asText());
            }
            // Prometheus finds the pods: annotations, and the PodMonitor's named port on the container.
            assertThat(d.at("/spec/podTemplate/metadata/annotations/prometheus.io~1scrape").asText()).as(name).isEqualTo("true");
            List<String> ports = new ArrayList<>();
            d.at("/spec/podTemplate/spec/containers/0/ports").forEach(p -> ports.add(p.path("name").asText()));
            assertThat(ports).as(name).contains("metrics");
        }
        assertThat(all).anySatisfy(d -> assertThat(d.path("kind").asText()).isEqualTo("PodMonitor"));
    }

    private static Map<String, String> flinkProperties(String properties) {
        Map<String, String> out = new java.util.HashMap<>();
        properties.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#") && l.contains(":")).forEach(l ->
                out.put(l.substring(0, l.indexOf(':')).strip(), l.substring(l.indexOf(':') + 1).strip()));
        return out;
    }

    private static List<String> iterate(java.util.Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    @Test
    void kubernetesManifestsAreWellFormedFlinkDeploymentsAndKafkaResources() throws Exception {
        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("deploy/k8s"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                all.addAll(documents(p));
            }
        }
        assertThat(all).allSatisfy(doc -> {
            assertThat(doc.path("apiVersion").asText()).isNotBlank();
            assertThat(doc.path("kind").asText()).isNotBlank();
            assertThat(doc.path("metadata").path("name").asText()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        });
        List<JsonNode> flink = all.stream().filter(d -> d.path("kind").asText().equals("FlinkDeployment")).toList();
        assertThat(flink).hasSize(2);
        for (JsonNode d : flink) {
            JsonNode spec = d.get("spec");
            assertThat(d.get("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
            assertThat(spec.get("flinkVersion").asText()).isEqualTo("v2_2");
            assertThat(spec.path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
            // The cluster artifact, never the all-in-one CLI jar (which bundles the Flink runtime).
            assertThat(spec.path("job").path("jarURI").asText()).isEqualTo("local:///opt/flink/usrlib/moderation-stream-job.jar");
            assertThat(spec.path("flinkConfiguration").path("high-availability.type").asText()).isEqualTo("kubernetes");
            assertThat(spec.path("flinkConfiguration").path("state.checkpoints.dir").asText()).startsWith("s3://");
            assertThat(spec.path("flinkConfiguration").path("taskmanager.memory.task.off-heap.size").asText()).isNotBlank();
            assertThat(spec.path("taskManager").path("resource").path("memory").asText()).endsWith("m");
        }
        assertThat(all).anySatisfy(d -> assertThat(d.path("kind").asText()).isEqualTo("Kafka"));

        // The registry the job config names is deployed: a Service of that name and port, storage in the Kafka cluster.
        JobConfig k8s = new ConfigLoader(Map.of("KAFKA_SASL_PASSWORD", "x", "WATERMARK_HASHING_KEY", "1")).load(Path.of("jobs/k8s.yaml"), List.of());
        assertThat(k8s.serialization.format).isEqualTo(io.moderationstream.io.WireFormat.REGISTRY);
        URI registry = URI.create(k8s.serialization.registryUrl);
        assertThat(all).anySatisfy(d -> {
            assertThat(d.path("kind").asText()).isEqualTo("Service");
            assertThat(registry.getHost()).startsWith(d.at("/metadata/name").asText() + "." + d.at("/metadata/namespace").asText() + ".svc");
            assertThat(d.at("/spec/ports/0/port").asInt()).isEqualTo(registry.getPort());
        });
        JsonNode registryConfig = all.stream().filter(d -> d.path("kind").asText().equals("ConfigMap")
                && d.at("/metadata/name").asText().equals("schema-registry-config")).findFirst().orElseThrow();
        assertThat(registryConfig.at("/data/application.properties").asText()).contains("apicurio.storage.kind=kafkasql")
                .contains("${KAFKA_SASL_PASSWORD}");

        // The index the TaskManagers mount is the one the build Job writes, rebuilt only when its format changed.
        JsonNode build = all.stream().filter(d -> d.path("kind").asText().equals("Job")).findFirst().orElseThrow();
        List<String> args = new ArrayList<>();
        build.at("/spec/template/spec/containers/0/args").forEach(a -> args.addAll(List.of(a.asText().split("\\s+"))));
        assertThat(args).containsSubsequence("citations", "index").contains("--skip-if-current");
        String out = args.get(args.indexOf("--out") + 1);
        for (JsonNode d : flink) {
            List<String> mounts = new ArrayList<>();
            d.at("/spec/podTemplate/spec/containers/0/volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
            assertThat(mounts).as(d.at("/metadata/name").asText()).contains(out);
        }
        assertThat(all).anySatisfy(d -> {
            assertThat(d.path("kind").asText()).isEqualTo("PersistentVolumeClaim");
            assertThat(d.at("/metadata/name").asText()).isEqualTo("citation-index");
            assertThat(d.at("/spec/accessModes/0").asText()).isEqualTo("ReadWriteMany");
        });
    }

    /**
     * Each FlinkDeployment's job as its pods would start it: its args (--config, --set) through the typed config, with
     * only the environment variables its pod template sets, and every file the config names on a mounted volume.
     */
    @Test
    void eachDeployedJobLoadsWithItsPodsEnvironmentAndVolumes() throws Exception {
        for (String file : List.of("deploy/k8s/flink-deployment.yaml", "deploy/k8s/flink-deployment-gpu.yaml")) {
            JsonNode spec = documents(Path.of(file)).stream()
                    .filter(d -> "FlinkDeployment".equals(d.path("kind").asText())).findFirst().orElseThrow().path("spec");
            JsonNode container = spec.at("/podTemplate/spec/containers/0");
            Map<String, String> env = new java.util.HashMap<>();
            container.path("env").forEach(e -> env.put(e.path("name").asText(), "from-" + e.path("name").asText()));
            List<String> mounts = new ArrayList<>();
            container.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));

            List<String> args = new ArrayList<>();
            spec.at("/job/args").forEach(a -> args.add(a.asText()));
            assertThat(spec.at("/job/entryClass").asText()).as(file).isEqualTo(io.moderationstream.pipeline.ModerationJob.class.getName());
            Path config = null;
            List<String> overrides = new ArrayList<>();
            for (int i = 0; i < args.size(); i += 2) {
                switch (args.get(i)) {
                    case "--config" -> config = Path.of(args.get(i + 1).replace("/opt/moderation/jobs/", "jobs/"));
                    case "--set" -> overrides.add(args.get(i + 1));
                    default -> throw new AssertionError(file + ": unexpected job argument " + args.get(i));
                }
            }
            JobConfig job = new ConfigLoader(env).load(config, overrides);

            var citations = io.moderationstream.scoring.ScorerRegistry.get().options(job, io.moderationstream.scoring.citations.CitationScorerConfig.class);
            assertThat(mounts).as(file + ": citation index mounted").anyMatch(citations.indexDir::startsWith);
            var protectedMaterial = io.moderationstream.scoring.ScorerRegistry.get().options(job,
                    io.moderationstream.scoring.protected_material.ProtectedMaterialConfig.class);
            assertThat(mounts).as(file + ": protected-material index mounted").anyMatch(protectedMaterial.indexDir::startsWith);
            var toxicity = io.moderationstream.scoring.ScorerRegistry.get().options(job, io.moderationstream.scoring.toxicity.ToxicityScorerConfig.class);
            if (toxicity.engine == io.moderationstream.scoring.toxicity.ToxicityEngine.ONNX_CLASSIFIER) {
                assertThat(toxicity.labels).as(file).isNotEmpty();
                for (String modelFile : List.of(toxicity.classifierModel, toxicity.classifierTokenizer)) {
                    assertThat(mounts).as(file + ": " + modelFile + " mounted").anyMatch(modelFile::startsWith);
                }
                assertThat(toxicity.labelMap.values()).as(file).contains("toxicity");
            }
        }
    }

    @Test
    void grafanaDashboardQueriesTheJobsMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("deploy/grafana/moderation-stream.json").toFile());
        String queries = dashboard.get("panels").findValuesAsText("expr").toString();
        for (String metric : List.of("eventsScoredPerSecond", "batchSize", "batchLatencySeconds", "endToEndLatencySeconds",
                "eventTimeLagSeconds", "verdictsDegraded", "deadLettered", "greenListCacheHitRate", "records_lag_max")) {
            assertThat(queries).contains(metric);
        }
    }
}
