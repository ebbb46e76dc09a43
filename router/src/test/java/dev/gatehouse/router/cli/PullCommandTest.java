package dev.gatehouse.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatehouse pull} against a real HTTP server on loopback that serves, cuts, stalls and 404s. */
class PullCommandTest {

    @TempDir
    Path dir;
    Path models;
    Path manifest;
    ModelFileServer server;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    @BeforeEach
    void serveAModel() throws IOException {
        byte[] body = new byte[3 << 20];
        new Random(7).nextBytes(body);
        server = new ModelFileServer(body);
        models = dir.resolve("models");
        manifest = dir.resolve("models.yaml");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pullDownloadsVerifiesAndRenamesTheFileIntoPlace() throws IOException {
        declare(server.url(), sha256(server.body));

        int code = pull("small");

        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.readAllBytes(target())).isEqualTo(server.body);
        assertThat(part()).doesNotExist();
        assertThat(out.toString()).contains("small: downloaded", "sha256 verified");
        assertThat(server.rangesAsked).containsExactly("none");
    }

    @Test
    void aCutConnectionKeepsThePartialFileAndTheNextPullResumesFromItsEnd() throws IOException {
        declare(server.url(), sha256(server.body));
        server.cutAfter = 1 << 20;

        int first = pull("small");

        assertThat(first).isEqualTo(1);
        assertThat(target()).doesNotExist();
        assertThat(Files.size(part())).isEqualTo(1 << 20);
        assertThat(err.toString()).contains("kept in " + part(), "the next pull resumes");
        assertThat(err.toString().lines()).hasSize(1);

        int second = pull("small");

        assertThat(second).as(err.toString()).isZero();
        assertThat(server.rangesAsked).containsExactly("none", "bytes=" + (1 << 20) + "-");
        assertThat(Files.readAllBytes(target())).isEqualTo(server.body);
        assertThat(part()).doesNotExist();
        assertThat(out.toString()).contains("small: downloaded (resumed)");
    }

    @Test
    void aServerThatIgnoresTheRangeSendsEverythingAgainAndThePullStillVerifies() throws IOException {
        declare(server.url(), sha256(server.body));
        Files.createDirectories(models);
        Files.write(part(), new byte[12345]); // not even a prefix of the file: it must be replaced, not appended to
        server.ignoreRanges = true;

        int code = pull("small");

        assertThat(code).as(err.toString()).isZero();
        assertThat(server.rangesAsked).containsExactly("bytes=12345-");
        assertThat(Files.readAllBytes(target())).isEqualTo(server.body);
    }

    @Test
    void aPartialFileThatIsAlreadyCompleteIsVerifiedAndMovedWithoutDownloadingAgain() throws IOException {
        declare(server.url(), sha256(server.body));
        Files.createDirectories(models);
        Files.write(part(), server.body);

        int code = pull("small");

        assertThat(code).as(err.toString()).isZero();
        assertThat(server.rangesAsked).containsExactly("bytes=" + server.body.length + "-");
        assertThat(Files.readAllBytes(target())).isEqualTo(server.body);
    }

    @Test
    void aWrongSha256LeavesNothingInPlace() throws IOException {
        String wrong = "0".repeat(64);
        declare(server.url(), wrong);

        int code = pull("small");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("sha256 mismatch", "expected " + wrong, "got " + sha256(server.body),
                "nothing was saved");
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(target()).doesNotExist();
        assertThat(part()).doesNotExist();
    }

    @Test
    void aMissingFileOnTheServerIsOneLineNamingTheStatusAndLeavesNothing() throws IOException {
        declare(server.missing(), sha256(server.body));

        int code = pull("small");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("gatehouse pull: 127.0.0.1 answered HTTP 404 for "
                + server.missing());
        assertThat(target()).doesNotExist();
        assertThat(part()).doesNotExist();
    }

    @Test
    void anUnreachableHostIsOneLineSayingSoAndLeavesNothing() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        declare(URI.create("http://127.0.0.1:" + closedPort + "/model.gguf"), sha256(server.body));

        int code = pull("small");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("gatehouse pull: cannot reach 127.0.0.1 at http://127.0.0.1:" + closedPort)
                .contains("check the network").doesNotContain("\tat ");
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(target()).doesNotExist();
        assertThat(part()).doesNotExist();
    }

    @Test
    void aServerThatStopsSendingFailsAtTheStallTimeoutAndKeepsWhatArrived() throws IOException {
        declare(server.url(), sha256(server.body));
        server.stallAfter = 4096;

        int code = pull("small", "--stall-timeout", "1");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("stalled: nothing arrived for 1 s", "kept in " + part());
        assertThat(Files.size(part())).isEqualTo(4096);
        assertThat(target()).doesNotExist();
    }

    @Test
    void anExistingFileThatMatchesIsLeftAloneAndOneThatDoesNotIsNeverOverwritten() throws IOException {
        declare(server.url(), sha256(server.body));
        Files.createDirectories(models);
        Files.write(target(), server.body);

        assertThat(pull("small")).isZero();
        assertThat(out.toString()).contains("small: already present");
        assertThat(server.rangesAsked).isEmpty();

        Files.write(target(), new byte[10]);
        assertThat(pull("small")).isEqualTo(1);
        assertThat(err.toString()).contains("exists but its sha256 is", "move that file away");
        assertThat(Files.size(target())).isEqualTo(10);
    }

    @Test
    void pullAllTakesEveryModelWithAUrlAndSkipsBuiltins() throws IOException {
        declare(server.url(), sha256(server.body));

        int code = pull("--all");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("small: downloaded").doesNotContain("minilm");
        assertThat(Files.readAllBytes(target())).isEqualTo(server.body);
    }

    @Test
    void anUndeclaredChecksumIsPrintedSoItCanBePinned() throws IOException {
        declare(server.url(), null);

        assertThat(pull("small")).isZero();
        assertThat(out.toString()).contains("sha256 " + sha256(server.body), "add sha256:");
    }

    @Test
    void anUnknownIdOrABuiltinIsAClearError() throws IOException {
        declare(server.url(), sha256(server.body));

        assertThat(pull("nope")).isEqualTo(1);
        assertThat(err.toString()).contains("no model 'nope'", "[small, minilm]");
        assertThat(pull("minilm")).isEqualTo(1);
        assertThat(err.toString()).contains("shipped inside the jar");
    }

    @Test
    void theProgressBarFillsToOneHundredPercentOnStderr() throws IOException {
        declare(server.url(), sha256(server.body));

        assertThat(pull("small", "--progress", "always")).isZero();

        assertThat(err.toString()).contains("\rsmall [", "100%", "3.0 MiB of 3.0 MiB");
        assertThat(out.toString()).doesNotContain("\r");
    }

    @Test
    void anUnknownProgressModeIsAUsageErrorNamingTheChoices() throws IOException {
        declare(server.url(), sha256(server.body));

        assertThat(pull("small", "--progress", "sometimes")).isEqualTo(2);
        assertThat(err.toString()).contains("--progress must be auto, always or never, was 'sometimes'");
        assertThat(server.rangesAsked).isEmpty();
    }

    private int pull(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        String[] all = new String[args.length + 5];
        all[0] = "pull";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(new String[] {"--manifest", manifest.toString(), "--models-dir", models.toString()}, 0, all,
                args.length + 1, 4);
        return GatehouseCli.run(all, new PrintWriter(out), new PrintWriter(err), Map.of(),
                d -> GatehouseCliTest.NO_LOADS);
    }

    private void declare(URI url, String sha256) throws IOException {
        Files.writeString(manifest, """
                models:
                  - id: small
                    file: small.gguf
                    url: %s
                %s    tasks: [chat]
                    default: true
                  - id: minilm
                    builtin: all-minilm-l6-v2
                    tasks: [embeddings]
                    default: true
                """.formatted(url, sha256 == null ? "" : "    sha256: \"" + sha256 + "\"\n"));
    }

    private Path target() {
        return models.resolve("small.gguf");
    }

    private Path part() {
        return models.resolve("small.gguf.part");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
