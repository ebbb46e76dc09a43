package dev.gatehouse.manifest.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.manifest.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlNodeTest {
    enum Priority { COST_FIRST, BALANCED }

    private final List<Violation> violations = new ArrayList<>();

    private YamlNode node(String yaml) {
        return YamlDocument.parse(yaml, "test.yaml").top(violations);
    }

    private List<String> messages() {
        return violations.stream().map(Violation::toString).toList();
    }

    @Test
    void wellTypedValuesReadWithoutViolations() {
        YamlNode n = node("""
                name: tiny
                slots: 4
                share: 0.25
                on: true
                wait: 30s
                priority: cost-first
                tags: [a, b]
                weights: {x: 0.5}
                """);

        assertThat(n.string("name")).isEqualTo("tiny");
        assertThat(n.integer("slots", 1, 8)).isEqualTo(4);
        assertThat(n.integer("slots", 1)).isEqualTo(4);
        assertThat(n.number("share", 0, 1)).isEqualTo(0.25);
        assertThat(n.bool("on")).isTrue();
        assertThat(n.duration("wait")).isEqualTo(Duration.ofSeconds(30));
        assertThat(n.enumValue("priority", Priority.class)).isEqualTo(Priority.COST_FIRST);
        assertThat(n.strings("tags")).containsExactly("a", "b");
        assertThat(n.values("tags")).containsExactly("a", "b");
        assertThat(n.numbers("weights", 0, 1)).isEqualTo(Map.of("x", 0.5));
        assertThat(n.keys()).containsExactly("name", "slots", "share", "on", "wait", "priority", "tags", "weights");
        assertThat(violations).isEmpty();
    }

    @Test
    void absentKeysReadAsNullOrEmptyWithoutViolations() {
        YamlNode n = node("other: 1\n");

        assertThat(n.string("name")).isNull();
        assertThat(n.integer("slots", 0, 1)).isNull();
        assertThat(n.bool("on")).isNull();
        assertThat(n.mapping("sub")).isNull();
        assertThat(n.strings("tags")).isEmpty();
        assertThat(n.values("tags")).isNull();
        assertThat(violations).isEmpty();
    }

    @Test
    void eachWrongValueIsOneViolationAtItsNestedKeyPath() {
        YamlNode n = node("""
                targets:
                  - id: ""
                    slots: 0
                    share: 1.5
                    on: "yes"
                    wait: forever
                    priority: fastest
                    tags: just-one
                    colour: red
                  - not-a-mapping
                """);
        YamlNode target = n.mappings("targets").getFirst();

        target.rejectUnknownKeys(List.of("id", "slots", "share", "on", "wait", "priority", "tags"));
        target.string("id");
        target.integer("slots", 1, 8);
        target.number("share", 0, 1);
        target.bool("on");
        target.duration("wait");
        target.enumValue("priority", Priority.class);
        target.strings("tags");

        assertThat(messages()).containsExactly(
                "targets[1]: must be a mapping, was 'not-a-mapping'",
                "targets[0].colour: unknown key, expected one of [id, slots, share, on, wait, priority, tags]",
                "targets[0].id: must not be empty",
                "targets[0].slots: must be between 1 and 8, was 0",
                "targets[0].share: must be between 0.0 and 1.0, was 1.5",
                "targets[0].on: must be true or false, was 'yes'",
                "targets[0].wait: must be a duration such as 500ms, 30s, 10m or 1h, was 'forever'",
                "targets[0].priority: must be one of [cost-first, balanced], was 'fastest'",
                "targets[0].tags: must be a list, was 'just-one'");
    }

    @Test
    void wrongShapesAreNamedNotThrown() {
        YamlNode n = node("""
                sub: [1]
                name: {a: 1}
                slots: two
                items: [ok, [nested], ""]
                """);

        assertThat(n.mapping("sub")).isNull();
        assertThat(n.string("name")).isNull();
        assertThat(n.integer("slots", 0)).isNull();
        assertThat(n.strings("items")).containsExactly("ok");

        assertThat(messages()).containsExactly(
                "sub: must be a mapping, was a list",
                "name: must be a single value, was a mapping",
                "slots: must be an integer, was 'two'",
                "items[1]: must be a non-empty single value, was a list",
                "items[2]: must be a non-empty single value, was ''");
    }

    @Test
    void theLowerBoundOnlyIntegerSaysSo() {
        node("slots: 0\n").integer("slots", 1);

        assertThat(messages()).containsExactly("slots: must be >= 1, was 0");
    }

    @Test
    void quotedTrueCountsAsABooleanOnlyWhereAFileAllowsIt() {
        YamlNode n = node("pin: \"true\"\n");

        assertThat(n.boolOrText("pin")).isTrue();
        assertThat(violations).isEmpty();
        assertThat(n.bool("pin")).isNull();
        assertThat(messages()).containsExactly("pin: must be true or false, was 'true'");
    }

    @Test
    void aWireValueReadsABareOnOrOffThatYamlTurnedIntoABoolean() {
        enum Flash { ON, OFF, AUTO }
        YamlNode n = node("flash: off\nother: sideways\n");

        assertThat(n.wireValue("flash", Flash.values(), f -> f.name().toLowerCase())).isEqualTo(Flash.OFF);
        assertThat(n.wireValue("other", Flash.values(), f -> f.name().toLowerCase())).isNull();
        assertThat(messages()).containsExactly("other: must be one of [on, off, auto], was 'sideways'");
    }

    @Test
    void aMessageNeverEchoesMoreThanALineOfInput() {
        String longValue = "x".repeat(5000);
        node("slots: " + longValue + "\n" + "y".repeat(500) + ": 1\n").integer("slots", 0);
        node("slots: 1\n" + "y".repeat(500) + ": 1\n").rejectUnknownKeys(List.of("slots"));

        assertThat(violations).hasSize(2).allSatisfy(v -> assertThat(v.toString()).hasSizeLessThan(200));
        assertThat(violations.getFirst().message()).endsWith("…");
    }
}
