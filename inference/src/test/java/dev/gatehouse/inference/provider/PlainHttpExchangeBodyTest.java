package dev.gatehouse.inference.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How a buffered answer's body is read: Helidon allocates a buffer of the size each read asks for, so the sizes asked
 * are what is checked here, beside the bytes. The exchange itself runs against real servers in the router's provider
 * tests (keep-alive reuse included).
 */
class PlainHttpExchangeBodyTest {

    @Test
    void anAnnouncedBodyIsReadWithReadsNoLargerThanItsLength() throws IOException {
        byte[] body = bytes(700);
        var in = new RecordingStream(body, 300);

        assertThat(PlainHttpExchange.readBody(in, 1 << 20, body.length)).isEqualTo(body);
        assertThat(in.asked).as("no read asks for more than the 700 bytes announced").allMatch(n -> n <= 700);
        assertThat(in.asked.getLast()).as("the end is found with a one-byte read").isEqualTo(1);
    }

    @Test
    void aChunkedBodyOfUnknownLengthIsReadWhole() throws IOException {
        byte[] body = bytes(50_000);

        assertThat(PlainHttpExchange.readBody(new RecordingStream(body, 1_000), 1 << 20, -1)).isEqualTo(body);
    }

    @Test
    void aBodyLongerThanAnnouncedIsStillReadToItsEnd() throws IOException {
        byte[] body = bytes(5_000);

        assertThat(PlainHttpExchange.readBody(new RecordingStream(body, 5_000), 1 << 20, 100)).isEqualTo(body);
    }

    @Test
    void aBodyPastTheLimitIsCutAtTheLimitAndNotReadFurther() throws IOException {
        byte[] body = bytes(10_000);
        var in = new RecordingStream(body, 10_000);

        assertThat(PlainHttpExchange.readBody(in, 4_000, -1)).isEqualTo(java.util.Arrays.copyOf(body, 4_000));
        assertThat(in.position).isEqualTo(4_000);
        assertThat(PlainHttpExchange.readBody(new RecordingStream(body, 10_000), 4_000, body.length)).hasSize(4_000);
    }

    @Test
    void aBodyAnnouncedFarLongerThanItIsGetsABoundedFirstBuffer() throws IOException {
        byte[] body = bytes(2_000);
        var in = new RecordingStream(body, 2_000);

        assertThat(PlainHttpExchange.readBody(in, 16 << 20, 15L << 20)).isEqualTo(body);
        assertThat(in.asked.getFirst()).isEqualTo(PlainHttpExchange.MOST_FIRST_BUFFER);
    }

    @Test
    void aBodyLongerThanTheFirstBufferIsReadWhole() throws IOException {
        byte[] body = bytes(3 << 20);

        assertThat(PlainHttpExchange.readBody(new RecordingStream(body, 64 << 10), 16 << 20, body.length))
                .isEqualTo(body);
    }

    @Test
    void anEmptyBodyIsEmpty() throws IOException {
        assertThat(PlainHttpExchange.readBody(new RecordingStream(new byte[0], 10), 1 << 20, 0)).isEmpty();
        assertThat(PlainHttpExchange.readBody(new RecordingStream(new byte[0], 10), 1 << 20, -1)).isEmpty();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** Hands out at most {@code most} bytes per read, like a socket, and records the size each read asked for. */
    private static final class RecordingStream extends ByteArrayInputStream {
        final List<Integer> asked = new ArrayList<>();
        final int most;
        int position;

        RecordingStream(byte[] body, int most) {
            super(body);
            this.most = most;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            asked.add(len);
            int n = super.read(b, off, Math.min(len, most));
            if (n > 0) position += n;
            return n;
        }

        @Override
        public synchronized int read() {
            asked.add(1);
            int b = super.read();
            if (b >= 0) position++;
            return b;
        }
    }
}
