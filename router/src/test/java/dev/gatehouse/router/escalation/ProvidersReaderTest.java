package dev.gatehouse.router.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.inference.provider.ProviderKind;
import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.manifest.yaml.YamlDocument;
import dev.gatehouse.manifest.yaml.YamlNode;
import dev.gatehouse.router.privacy.DataClass;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProvidersReaderTest {

    static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-secret-openai", "ANTHROPIC_KEY", "sk-ant-secret");

    static YamlNode yaml(String text) {
        return YamlDocument.parse(text, "policy.yaml").top(new java.util.ArrayList<>());
    }

    @Test
    void aValidListBecomesTypedConfigsWithTheKeyFromTheEnvironment() throws Exception {
        var configs = ProvidersReader.read(yaml("""
                providers:
                  - id: openai
                    kind: openai
                    baseUrl: https://api.openai.com/v1
                    apiKeyEnv: OPENAI_API_KEY
                    models: [gpt-4o-mini, gpt-4o]
                    dataClasses: [public, internal]
                    region: us
                    pricePer1kInput: 0.00015
                    pricePer1kOutput: 0.0006
                    timeout: 20s
                    maxConcurrency: 8
                  - id: claude
                    kind: anthropic
                    baseUrl: https://api.anthropic.com/v1
                    apiKeyEnv: ANTHROPIC_KEY
                    models: [claude-sonnet-4-5]
                    pricePer1kInput: 0.003
                    pricePer1kOutput: 0.015
                """), "providers", ENV, "policy.yaml");

        assertThat(configs).hasSize(2);
        var openai = configs.getFirst();
        assertThat(openai.kind()).isEqualTo(ProviderKind.OPENAI);
        assertThat(openai.baseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));
        assertThat(openai.models()).containsExactly("gpt-4o-mini", "gpt-4o");
        assertThat(openai.dataClasses()).isEqualTo(Set.of(DataClass.PUBLIC, DataClass.INTERNAL));
        assertThat(openai.prices()).isEqualTo(new TokenPrices(new BigDecimal("0.00015"), new BigDecimal("0.0006")));
        assertThat(openai.timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(openai.maxConcurrency()).isEqualTo(8);
        assertThat(openai.targetName("gpt-4o")).isEqualTo("openai/gpt-4o");
        var claude = configs.get(1);
        assertThat(claude.dataClasses()).as("default: public only").containsExactly(DataClass.PUBLIC);
        assertThat(claude.timeout()).isEqualTo(ProviderConfig.DEFAULT_TIMEOUT);
        assertThat(configs.toString()).doesNotContain("sk-secret-openai", "sk-ant-secret");
        assertThat(openai.endpoint().toString()).doesNotContain("sk-secret-openai");
    }

    @Test
    void everyViolationIsReportedWithItsKeyPathAndNoSecret() throws Exception {
        var e = catchThrowableOfType(ConfigException.class, () -> ProvidersReader.read(yaml("""
                providers:
                  - id: Bad Id
                    kind: gemini
                    baseUrl: ftp://user:pw@host
                    apiKeyEnv: MISSING_KEY
                    models: []
                    dataClasses: [public, restricted, secret]
                    pricePer1kInput: -1
                    timeout: soon
                    maxConcurrency: 0
                    colour: blue
                  - id: openai
                    kind: openai
                    baseUrl: https://api.openai.com/v1
                    apiKeyEnv: OPENAI_API_KEY
                    models: [gpt-4o]
                    pricePer1kInput: 0
                    pricePer1kOutput: 0
                  - id: openai
                    kind: openai
                    baseUrl: https://api.openai.com/v1
                    apiKeyEnv: OPENAI_API_KEY
                    models: [gpt-4o]
                    pricePer1kInput: 0
                    pricePer1kOutput: 0
                """), "providers", ENV, "policy.yaml"));

        assertThat(e.violations()).extracting(Violation::key).containsExactlyInAnyOrder(
                "providers[0].colour", "providers[0].id", "providers[0].kind", "providers[0].baseUrl",
                "providers[0].apiKeyEnv", "providers[0].models", "providers[0].dataClasses[1]",
                "providers[0].dataClasses[2]", "providers[0].pricePer1kInput", "providers[0].pricePer1kOutput",
                "providers[0].timeout", "providers[0].maxConcurrency", "providers[2].id");
        assertThat(e.getMessage()).contains("MISSING_KEY is not set").contains("restricted data never leaves")
                .contains("must be one of [openai, anthropic], was 'gemini'").contains("duplicate provider id 'openai'")
                .doesNotContain("sk-secret-openai");
    }

    @Test
    void aPolicyReaderCanDelegateItsSubtreeAndCollectViolationsUnderItsOwnPath() throws Exception {
        List<Violation> violations = new java.util.ArrayList<>();
        YamlNode escalation = YamlDocument.parse("escalation: {providers: {id: x}}", "policy.yaml").top(violations)
                .mapping("escalation");
        ProvidersReader.read(escalation, "providers", ENV);
        assertThat(violations).containsExactly(new Violation("escalation.providers", "must be a list, was a mapping"));
    }
}
