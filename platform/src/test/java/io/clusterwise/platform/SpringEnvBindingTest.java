package io.clusterwise.platform;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The env vars the manifests give each service really reach Spring Boot's Kafka client settings and clusterwise's
 * keys: each service's own {@code <module>.properties} (from its module) under the Deployment's env, bound with
 * Spring Boot's {@link Binder} exactly as at start-up (OS environment above the config file, relaxed binding,
 * {@code ${...}} placeholders). Secret values are stand-ins naming the secret and key.
 */
class SpringEnvBindingTest {

    private final Manifests base = Repo.base();
    private final Map<String, String> settings = configMapLiterals();

    @Test
    void shouldGiveEveryServiceSaslSslWithItsOwnScramCredentialsWhenBindingKafkaProperties() {
        for (WorkloadRulesTest.Service service : WorkloadRulesTest.SERVICES) {
            Binder binder = binderFor(service);
            KafkaProperties kafka = binder.bind("spring.kafka", KafkaProperties.class).get();

            assertThat(kafka.getBootstrapServers()).as(service.name()).containsExactly("clusterwise-kafka-bootstrap:9093");
            Map<String, Object> producer = kafka.buildProducerProperties();
            Map<String, Object> consumer = kafka.buildConsumerProperties();
            for (Map<String, Object> client : List.of(producer, consumer)) {
                assertThat(client).as("%s Kafka client config", service.name())
                        .containsEntry("bootstrap.servers", List.of("clusterwise-kafka-bootstrap:9093"))
                        .containsEntry("security.protocol", "SASL_SSL")
                        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                        .containsEntry("sasl.jaas.config", "secret clusterwise-" + service.name() + "/sasl.jaas.config")
                        .containsEntry("ssl.truststore.type", "PEM")
                        .containsEntry("ssl.truststore.certificates", "secret clusterwise-cluster-ca-cert/ca.crt");
            }
            // the service's own settings from its properties file are still there underneath
            assertThat(producer).containsEntry("acks", "all");
        }
    }

    @Test
    void shouldBindClusterNameProbesAndServiceSettingsWhenReadingTheEnvOfEachService() {
        for (WorkloadRulesTest.Service service : WorkloadRulesTest.SERVICES) {
            Binder binder = binderFor(service);
            assertThat(binder.bind("clusterwise.cluster-name", String.class).get()).as(service.name())
                    .isEqualTo(settings.get("CLUSTERWISE_CLUSTER_NAME"));
            assertThat(binder.bind("management.endpoint.health.probes.enabled", Boolean.class).get()).isTrue();
            assertThat(binder.bind("server.port", Integer.class).get()).isEqualTo(service.port());
        }
        Binder worker = binderFor(WorkloadRulesTest.SERVICES.get(1));
        assertThat(worker.bind("clusterwise.worker.ollama.base-url", String.class).get()).isEqualTo("http://ollama:11434");
        assertThat(worker.bind("clusterwise.worker.ollama.model", String.class).get()).isEqualTo(settings.get("OLLAMA_MODEL"));
        Binder gateway = binderFor(WorkloadRulesTest.SERVICES.get(2));
        assertThat(gateway.bind("clusterwise.gateway.reply-partition", Integer.class).get())
                .as("the pod index stand-in").isEqualTo(1);
    }

    private Binder binderFor(WorkloadRulesTest.Service service) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.copyOf(envOf(base.one(service.kind(), service.name())))));
        sources.addLast(new PropertiesPropertySource(service.name() + ".properties", serviceProperties(service.name())));
        return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));
    }

    /** The container's env as the kubelet would set it, with stand-ins for secrets and the pod index. */
    private Map<String, Object> envOf(Manifest workload) {
        Map<String, Object> env = new LinkedHashMap<>();
        for (Manifest var : workload.allContainers().get(0).children("env")) {
            String name = var.string("name").orElseThrow();
            if (var.string("value").isPresent()) {
                env.put(name, var.string("value").get());
            } else if (var.string("valueFrom", "configMapKeyRef", "key").isPresent()) {
                String key = var.string("valueFrom", "configMapKeyRef", "key").get();
                assertThat(settings).as("%s: ConfigMap key %s", workload, key).containsKey(key);
                env.put(name, settings.get(key));
            } else if (var.string("valueFrom", "secretKeyRef", "name").isPresent()) {
                env.put(name, "secret " + var.string("valueFrom", "secretKeyRef", "name").get() + "/"
                        + var.string("valueFrom", "secretKeyRef", "key").orElseThrow());
            } else if (var.string("valueFrom", "fieldRef", "fieldPath").isPresent()) {
                env.put(name, "1");
            }
        }
        return env;
    }

    /** The literals of the base's configMapGenerator clusterwise-settings. */
    private static Map<String, String> configMapLiterals() {
        Kustomization base = Kustomization.load(Repo.BASE);
        Manifest generator = base.manifest().children("configMapGenerator").stream()
                .filter(g -> g.string("name").orElse("").equals("clusterwise-settings")).findFirst().orElseThrow();
        Map<String, String> out = new LinkedHashMap<>();
        for (Object literal : generator.list("literals")) {
            String text = String.valueOf(literal);
            out.put(text.substring(0, text.indexOf('=')), text.substring(text.indexOf('=') + 1));
        }
        return out;
    }

    private static Properties serviceProperties(String module) {
        Path file = Repo.ROOT.resolve(module).resolve("src/main/resources").resolve(module + ".properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + " (the service's config, spring.config.name)", e);
        }
        return properties;
    }
}
