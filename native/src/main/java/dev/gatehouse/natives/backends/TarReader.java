package dev.gatehouse.natives.backends;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a tar stream entry by entry: POSIX ustar headers, pax extended headers ({@code path}, {@code linkpath},
 * {@code size}) and GNU long names, which is what npm's packer writes. Enough for npm tarballs and no more: it only
 * reports entries; the caller decides what to extract and where.
 */
final class TarReader {

    private static final int BLOCK = 512;
    /** pax and GNU long-name records hold a few names; anything bigger is not a tarball we should trust. */
    private static final int MAX_META_BYTES = 1 << 20;

    /** One header. {@code type} is the ustar type flag: '0' file, '2' symlink, '5' directory, and so on. */
    record Entry(String name, char type, long size, String linkName) {
        boolean isFile() {
            return type == '0' || type == '\0' || type == '7';
        }

        boolean isSymlink() {
            return type == '2';
        }
    }

    private final InputStream in;
    private long unreadData;
    private long unreadPadding;
    private int entries;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, skipping whatever of the previous one's data was not read; null at the end of the archive. */
    Entry next() throws IOException {
        String paxPath = null;
        String paxLink = null;
        long paxSize = -1;
        while (true) {
            skipRemainder();
            byte[] header = in.readNBytes(BLOCK);
            if (header.length == 0 || isZero(header)) {
                return null;
            }
            if (header.length < BLOCK) {
                throw new EOFException("tar stream ends inside the header of entry " + (entries + 1));
            }
            entries++;
            checkChecksum(header);
            char type = (char) header[156];
            long size = number(header, 124, 12);
            unreadData = size;
            unreadPadding = (BLOCK - size % BLOCK) % BLOCK;
            switch (type) {
                case 'x' -> {
                    for (String record : pax(readMeta(size))) {
                        int eq = record.indexOf('=');
                        String key = record.substring(0, eq);
                        String value = record.substring(eq + 1);
                        switch (key) {
                            case "path" -> paxPath = value;
                            case "linkpath" -> paxLink = value;
                            case "size" -> paxSize = parseSize(value);
                            default -> { } // times, owners and charsets do not matter for extraction
                        }
                    }
                }
                case 'L' -> paxPath = cString(readMeta(size));
                case 'K' -> paxLink = cString(readMeta(size));
                case 'g' -> { } // global pax header: nothing in it changes what we extract
                default -> {
                    String name = text(header, 0, 100);
                    String prefix = isUstar(header) ? text(header, 345, 155) : "";
                    if (!prefix.isEmpty()) {
                        name = prefix + "/" + name;
                    }
                    if (paxSize >= 0) {
                        size = paxSize;
                        unreadData = size;
                        unreadPadding = (BLOCK - size % BLOCK) % BLOCK;
                    }
                    return new Entry(paxPath != null ? paxPath : name, type, size,
                            paxLink != null ? paxLink : text(header, 157, 100));
                }
            }
        }
    }

    /** The data of the entry last returned by {@link #next()}; reading past its end returns -1. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (unreadData == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, unreadData));
                if (n < 0) {
                    throw new EOFException("tar stream ends inside the data of entry " + entries);
                }
                unreadData -= n;
                return n;
            }
        };
    }

    private void skipRemainder() throws IOException {
        long skip = unreadData + unreadPadding;
        unreadData = 0;
        unreadPadding = 0;
        in.skipNBytes(skip);
    }

    private byte[] readMeta(long size) throws IOException {
        if (size > MAX_META_BYTES) {
            throw new IOException("tar entry " + entries + ": extended header of " + size + " bytes exceeds "
                    + MAX_META_BYTES);
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("tar stream ends inside the extended header of entry " + entries);
        }
        unreadData = 0;
        return data;
    }

    /** pax records are "LEN key=value\n", LEN counting the whole record in bytes. */
    private List<String> pax(byte[] data) throws IOException {
        List<String> records = new ArrayList<>();
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new IOException("tar entry " + entries + ": malformed pax record length at byte " + pos);
            }
            if (length <= space - pos + 1 || pos + length > data.length || data[pos + length - 1] != '\n') {
                throw new IOException("tar entry " + entries + ": malformed pax record at byte " + pos);
            }
            String record = new String(data, space + 1, pos + length - space - 2, StandardCharsets.UTF_8);
            if (record.indexOf('=') < 1) {
                throw new IOException("tar entry " + entries + ": pax record without key=value: " + record);
            }
            records.add(record);
            pos += length;
        }
        return records;
    }

    private long parseSize(String value) throws IOException {
        try {
            long size = Long.parseLong(value.strip());
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new IOException("tar entry " + entries + ": pax size '" + value + "' is not a size in bytes");
        }
    }

    private void checkChecksum(byte[] header) throws IOException {
        long stored = number(header, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xff;
        }
        if (sum != stored) {
            throw new IOException("tar entry " + entries + ": header checksum " + stored + " does not match its "
                    + "content (" + sum + "); the archive is corrupt or not a tar file");
        }
    }

    /** An octal field, or a base-256 one (high bit set) as GNU tar writes sizes of 8 GiB and more. */
    private long number(byte[] header, int offset, int length) throws IOException {
        if ((header[offset] & 0x80) != 0) {
            long value = header[offset] & 0x7f;
            for (int i = 1; i < length; i++) {
                value = (value << 8) | (header[offset + i] & 0xff);
            }
            return value;
        }
        String digits = text(header, offset, length).strip();
        if (digits.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            throw new IOException("tar entry " + entries + ": numeric field at offset " + offset + " is not octal: '"
                    + digits + "'");
        }
    }

    private static boolean isUstar(byte[] header) {
        return text(header, 257, 5).equals("ustar");
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
