package dev.gatehouse.router.pull;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.TaskKind;
import dev.gatehouse.manifest.Tier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The commented-out ladder of real models in the repository's models.yaml: uncommented as a user would, it is a valid
 * manifest whose every entry can be pulled (a Hugging Face resolve URL naming its file, a sha256) and which climbs
 * from small to large.
 */
class ShippedModelLadderTest {
    private static final Path MODELS_YAML = Path.of("..", "models.yaml");
    /** An entry's lines as shipped: "#  - id: ..." then "#    key: ...". */
    private static final Pattern ENTRY_LINE = Pattern.compile("^#( {2}- | {4}\\w).*");

    @Test
    void theLadderUncommentedIsAValidManifestOfPullableChatModels() throws IOException {
        List<ModelSpec> ladder = uncommentedLadder();

        assertThat(ladder).extracting(ModelSpec::id).containsExactly("qwen3-0.6b", "llama3.2-1b", "gemma3-1b",
                "qwen3-1.7b", "llama3.2-3b", "gemma3-4b", "qwen3-4b", "qwen3-8b");
        for (ModelSpec m : ladder) {
            assertThat(m.url()).as(m.id()).isNotNull();
            assertThat(m.url().toString()).as(m.id()).startsWith("https://huggingface.co/")
                    .contains("/resolve/main/").endsWith("/" + m.file());
            assertThat(m.sha256()).as(m.id()).matches("[0-9a-f]{64}");
            assertThat(m.file()).as(m.id()).endsWith("Q4_K_M.gguf");
            assertThat(m.tasks()).as(m.id()).containsExactly(TaskKind.CHAT);
            assertThat(m.isDefault()).as(m.id() + " must not take the builtin's default").isFalse();
        }
        assertThat(ladder.stream().map(ModelSpec::sha256).distinct()).hasSize(ladder.size());
    }

    @Test
    void theLadderClimbsFromSmallToLarge() throws IOException {
        List<Tier> tiers = uncommentedLadder().stream().map(ModelSpec::tier).toList();

        assertThat(tiers).isSorted().startsWith(Tier.SMALL).endsWith(Tier.LARGE);
    }

    private static List<ModelSpec> uncommentedLadder() throws IOException {
        String shipped = Files.readString(MODELS_YAML);
        // the ladder follows its heading; the format example above it is not part of it
        String ladder = shipped.substring(shipped.indexOf("# Real chat models"));
        String entries = ladder.lines().filter(l -> ENTRY_LINE.matcher(l).matches()).map(l -> l.substring(1))
                .collect(Collectors.joining("\n"));
        Manifest manifest = ManifestReader.parse("models:\n" + entries + "\n", "models.yaml's ladder");
        // the reader adds the builtin embedding model to every manifest
        return manifest.models().stream().filter(m -> m.builtin() == null).toList();
    }
}
