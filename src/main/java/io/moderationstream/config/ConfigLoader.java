package io.moderationstream.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import org.apache.flink.util.TimeUtils;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a {@link JobConfig} from YAML, expands {@code ${ENV_VAR}} / {@code ${ENV_VAR:default}} references (so that
 * secrets stay out of the file), and applies {@code dotted.path=value} overrides from the command line.
 */
public final class ConfigLoader {
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");

    private final Map<String, String> environment;

    public ConfigLoader() {
        this(System.getenv());
    }

    public ConfigLoader(Map<String, String> environment) {
        this.environment = environment;
    }

    public static ObjectMapper yamlMapper() {
        SimpleModule durations = new SimpleModule().addDeserializer(Duration.class, new DurationDeserializer());
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        // A key left empty in YAML ("merge:" with its children commented out) is null: keep the default instead of
        // a null section, and drop null list and map entries (found by ConfigFuzzTest: a NullPointerException).
        mapper.setDefaultSetterInfo(com.fasterxml.jackson.annotation.JsonSetter.Value.construct(
                com.fasterxml.jackson.annotation.Nulls.SKIP, com.fasterxml.jackson.annotation.Nulls.SKIP));
        return mapper
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .registerModule(durations);
    }

    public JobConfig load(Path file, List<String> overrides) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " does not exist (the job configurations are in jobs/, e.g. jobs/local.yaml)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, overrides, file.toString());
        }
    }

    public JobConfig load(InputStream yaml, List<String> overrides) throws IOException {
        return load(yaml, overrides, "config");
    }

    /**
     * Parses, applies the overrides, expands the environment, maps onto {@link JobConfig} and validates it: every
     * mistake, in the file or an override, is a {@link ConfigException} naming the key (and the nearest valid key
     * or value when one is close), never a mapper's stack trace or a failure at the first event.
     */
    public JobConfig load(InputStream yaml, List<String> overrides, String source) throws IOException {
        ObjectMapper mapper = yamlMapper();
        JsonNode tree;
        try {
            tree = mapper.readTree(yaml);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // The parser's message spans lines (a caret picture); the one line we print says where and what.
            String what = e.getOriginalMessage() == null ? "" : String.join(": ", e.getOriginalMessage().lines()
                    .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)) && !l.startsWith("^")).toList());
            String where = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
            throw new ConfigException(source + where + " is not valid YAML: " + what, e);
        }
        if (tree != null && !tree.isNull() && !tree.isMissingNode() && !(tree instanceof ObjectNode)) {
            throw new ConfigException(source + " must be a YAML mapping of keys (job_name:, kafka:, ...), got " + tree.getNodeType());
        }
        ObjectNode root = tree instanceof ObjectNode ? (ObjectNode) tree : mapper.createObjectNode();
        for (String override : overrides) {
            applyOverride(mapper, root, override);
        }
        expandEnvironment(root);
        JobConfig config;
        try {
            config = mapper.treeToValue(root, JobConfig.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ConfigErrors.explain(e, source, "");
        }
        config.validate();
        return config;
    }

    public JobConfig defaults(List<String> overrides) throws IOException {
        return load(new java.io.ByteArrayInputStream("{}".getBytes()), overrides);
    }

    private static void applyOverride(ObjectMapper mapper, ObjectNode root, String override) throws IOException {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("--set must look like path.to.key=value, got: " + override);
        }
        String[] path = overridePath(override.substring(0, eq).trim());
        if (path.length == 0 || java.util.Arrays.stream(path).anyMatch(String::isBlank)) {
            throw new ConfigException("--set key '" + override.substring(0, eq) + "' has an empty part; it must look like path.to.key=value");
        }
        String value = override.substring(eq + 1);
        ObjectNode node = root;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = node.get(path[i]);
            if (!(child instanceof ObjectNode)) {
                child = node.putObject(path[i]);
            }
            node = (ObjectNode) child;
        }
        // Parse the value as YAML so numbers, booleans and lists keep their types.
        JsonNode parsed;
        try {
            parsed = value.isEmpty() ? TextNode.valueOf("") : mapper.readTree(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Not YAML on its own (e.g. "a: b: c"): take it as the literal text.
            parsed = TextNode.valueOf(value);
        }
        node.set(path[path.length - 1], parsed == null ? TextNode.valueOf(value) : parsed);
    }

    /**
     * Splits {@code a.b.c} at its dots, except below {@code kafka.properties}: Kafka's own keys contain dots
     * ({@code kafka.properties.ssl.truststore.location} sets the key {@code ssl.truststore.location}).
     */
    private static String[] overridePath(String dotted) {
        String kafkaProperties = "kafka.properties.";
        if (dotted.startsWith(kafkaProperties) && dotted.length() > kafkaProperties.length()) {
            return new String[] {"kafka", "properties", dotted.substring(kafkaProperties.length())};
        }
        return dotted.split("\\.");
    }

    private void expandEnvironment(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(entry -> {
                if (entry.getValue().isTextual()) {
                    entry.setValue(TextNode.valueOf(expand(entry.getValue().asText())));
                } else {
                    expandEnvironment(entry.getValue());
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode child = node.get(i);
                if (child.isTextual()) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, TextNode.valueOf(expand(child.asText())));
                } else {
                    expandEnvironment(child);
                }
            }
        }
    }

    String expand(String text) {
        Matcher m = ENV_REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = environment.get(m.group(1));
            if (value == null) {
                if (m.group(2) == null) {
                    throw new ConfigException("environment variable " + m.group(1) + " is referenced by the config but not set"
                            + " (set it, or give a default as ${" + m.group(1) + ":value})");
                }
                value = m.group(2);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Accepts Flink's duration syntax: 500ms, 30s, 10min, 1h, 2d (a bare number is milliseconds). */
    private static final class DurationDeserializer extends StdScalarDeserializer<Duration> {
        DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            if (text == null) {
                return Duration.ofMillis(p.getLongValue());
            }
            return TimeUtils.parseDuration(text.trim());
        }
    }
}
