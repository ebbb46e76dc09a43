package dev.gatehouse.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltinModelFilesTest {
    private static final String STORIES_SHA256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";

    @TempDir
    Path cache;

    @Test
    void theStoriesModelIsExtractedUnderItsChecksumWithTheJarsExactBytes() throws Exception {
        Path file = BuiltinModelFiles.extract("stories260k", cache);

        assertThat(file).isEqualTo(cache.resolve("models/builtin/" + STORIES_SHA256 + "/stories260K.gguf")
                .toAbsolutePath());
        assertThat(Files.size(file)).isEqualTo(1_185_376);
        assertThat(sha256(file)).isEqualTo(STORIES_SHA256);
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            assertThat(siblings).as("no temporary file is left behind").containsExactly(file);
        }
    }

    @Test
    void aSecondExtractionReusesTheFileInsteadOfWritingItAgain() throws Exception {
        Path first = BuiltinModelFiles.extract("stories260k", cache);
        Object identity = Files.readAttributes(first, BasicFileAttributes.class).fileKey();

        Path second = BuiltinModelFiles.extract("stories260k", cache);

        assertThat(second).isEqualTo(first);
        assertThat(Files.readAttributes(second, BasicFileAttributes.class).fileKey())
                .as("the same inode: a rewrite would have renamed a new file over it").isEqualTo(identity);
    }

    @Test
    void aDamagedCopyInTheCacheIsReplacedByAWholeOne() throws Exception {
        Path target = cache.resolve("models/builtin/" + STORIES_SHA256 + "/stories260K.gguf");
        Files.createDirectories(target.getParent());
        Files.write(target, new byte[] {'G', 'G', 'U', 'F', 0, 0});

        Path file = BuiltinModelFiles.extract("stories260k", cache);

        assertThat(sha256(file)).isEqualTo(STORIES_SHA256);
    }

    @Test
    void serversExtractingAtTheSameMomentEachGetAWholeFile() throws Exception {
        int racers = 8;
        CyclicBarrier start = new CyclicBarrier(racers);
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
            for (int i = 0; i < racers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    // each caller hashes what it was handed at once: a half-written file would show here
                    return sha256(BuiltinModelFiles.extract("stories260k", cache));
                }));
            }
            for (Future<String> result : results) {
                assertThat(result.get()).isEqualTo(STORIES_SHA256);
            }
        }
        try (Stream<Path> files = Files.list(cache.resolve("models/builtin/" + STORIES_SHA256))) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("stories260K.gguf");
        }
    }

    @Test
    void anOnnxOrUnknownNameIsNotAGgufBuiltin() {
        assertThatThrownBy(() -> BuiltinModelFiles.extract("all-minilm-l6-v2", cache))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no builtin gguf model named 'all-minilm-l6-v2', expected one of [stories260k]");
        assertThatThrownBy(() -> BuiltinModelFiles.extract("llama-70b", cache))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'llama-70b'");
    }

    record RootCase(String name, String property, String xdgCacheHome, String home, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<RootCase> roots() {
        return Stream.of(
                new RootCase("the system property wins", "/srv/cache", "/xdg", "/home/u", "/srv/cache"),
                new RootCase("XDG_CACHE_HOME without the property", null, "/xdg", "/home/u", "/xdg/gatehouse"),
                new RootCase("~/.cache without either", null, null, "/home/u", "/home/u/.cache/gatehouse"),
                new RootCase("a relative XDG_CACHE_HOME is ignored, as the XDG spec says", " ", "cache", "/home/u",
                        "/home/u/.cache/gatehouse"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roots")
    void theCacheRootFollowsThePropertyThenXdgThenTheHomeFolder(RootCase c) {
        assertThat(BuiltinModelFiles.cacheRoot(c.property(), c.xdgCacheHome(), c.home()))
                .isEqualTo(Path.of(c.expected()));
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            digest.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
