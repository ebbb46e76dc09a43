package dev.gatehouse.natives.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TarReaderTest {

    record Seen(String name, char type, String content, String link) {
    }

    static List<Seen> read(byte[] tar) throws IOException {
        TarReader reader = new TarReader(new ByteArrayInputStream(tar));
        List<Seen> seen = new ArrayList<>();
        for (TarReader.Entry e = reader.next(); e != null; e = reader.next()) {
            seen.add(new Seen(e.name(), e.type(), new String(reader.content().readAllBytes(), StandardCharsets.UTF_8),
                    e.linkName()));
        }
        return seen;
    }

    @Test
    void readsFilesDirectoriesAndSymlinksInOrder() throws IOException {
        byte[] tar = new TestTarball().directory("package/").file("package/a.txt", "alpha")
                .file("package/empty", "").symlink("package/b", "a.txt").tar();

        assertThat(read(tar)).containsExactly(
                new Seen("package/", '5', "", ""),
                new Seen("package/a.txt", '0', "alpha", ""),
                new Seen("package/empty", '0', "", ""),
                new Seen("package/b", '2', "", "a.txt"));
    }

    @Test
    void skipsTheDataOfEntriesWhoseContentIsNotRead() throws IOException {
        byte[] tar = new TestTarball().file("one", "x".repeat(1500)).file("two", "second").tar();
        TarReader reader = new TarReader(new ByteArrayInputStream(tar));

        assertThat(reader.next().name()).isEqualTo("one");
        TarReader.Entry two = reader.next();

        assertThat(two.name()).isEqualTo("two");
        assertThat(new String(reader.content().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second");
        assertThat(reader.next()).isNull();
    }

    @Test
    void aPaxPathReplacesTheHeaderNameOfTheNextEntry() throws IOException {
        String longName = "package/" + "d".repeat(120) + "/libllama.so";

        assertThat(read(new TestTarball().paxFile(longName, "long").tar()))
                .containsExactly(new Seen(longName, '0', "long", ""));
    }

    @Test
    void aHeaderWithAWrongChecksumIsReportedAsCorrupt() {
        byte[] tar = new TestTarball().file("package/a.txt", "alpha").tar();
        tar[0] = 'q';

        assertThatThrownBy(() -> read(tar)).isInstanceOf(IOException.class)
                .hasMessageContaining("tar entry 1: header checksum")
                .hasMessageContaining("the archive is corrupt or not a tar file");
    }

    @Test
    void anArchiveEndingInsideAnEntrysDataIsReportedAsTruncated() {
        byte[] full = new TestTarball().truncatedFile("package/big.so", 4096).tar();
        byte[] cut = java.util.Arrays.copyOf(full, 512 + 100);

        assertThatThrownBy(() -> read(cut)).isInstanceOf(EOFException.class)
                .hasMessageContaining("tar stream ends inside the data of entry 1");
    }
}
