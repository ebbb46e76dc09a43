package dev.gatehouse.natives;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The few GGUF metadata values this module needs, read in Java before any native call.
 *
 * <p>Why: ggml reports a wrong magic only on stderr and java-llama.cpp then throws a generic message, so a file
 * that is not GGUF is recognised here; and whether llama.cpp prepends a BOS token to prompts (needed for a true
 * prompt token count) is only visible in the metadata.
 */
record GgufHeader(long version, String architecture, String tokenizerModel, Optional<Boolean> addBosToken) {

    private static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    private static final long MAX_STRING = 1L << 26;

    /** Reads the header and key/value section; a file that is not a readable GGUF is MODEL_FILE_CORRUPT. */
    static GgufHeader read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            LittleEndian in = new LittleEndian(new DataInputStream(raw));
            int magic = in.i32();
            if (magic != MAGIC) {
                throw corrupt(file, "it does not start with the GGUF magic bytes");
            }
            long version = in.u32();
            if (version < 2 || version > 3) {
                throw corrupt(file, "GGUF version " + version + " is not supported (expected 2 or 3)");
            }
            in.i64(); // tensor count
            long kvCount = in.i64();
            if (kvCount < 0 || kvCount > 1_000_000) {
                throw corrupt(file, "implausible metadata count " + kvCount);
            }
            String architecture = "";
            String tokenizerModel = "";
            Boolean addBos = null;
            for (long i = 0; i < kvCount; i++) {
                String key = in.string();
                int type = in.i32();
                switch (key) {
                    case "general.architecture" -> architecture = (String) in.value(type);
                    case "tokenizer.ggml.model" -> tokenizerModel = (String) in.value(type);
                    case "tokenizer.ggml.add_bos_token" -> addBos = (Boolean) in.value(type);
                    default -> in.skip(type);
                }
            }
            return new GgufHeader(version, architecture, tokenizerModel, Optional.ofNullable(addBos));
        } catch (EOFException e) {
            throw corrupt(file, "it ends inside its metadata (truncated?)");
        } catch (ClassCastException | IllegalStateException e) {
            throw corrupt(file, "its metadata is malformed: " + e.getMessage());
        } catch (IOException e) {
            throw new NativeException(NativeException.Kind.MODEL_FILE_CORRUPT,
                    "cannot read model file " + file + ": " + e, e);
        }
    }

    /** What llama.cpp b4916 does when the metadata is silent: SentencePiece ("llama") vocabularies add BOS. */
    boolean prependsBos() {
        return addBosToken.orElse(tokenizerModel.equals("llama"));
    }

    private static NativeException corrupt(Path file, String why) {
        return new NativeException(NativeException.Kind.MODEL_FILE_CORRUPT,
                "model file " + file + " is not a valid GGUF file: " + why);
    }

    /** GGUF is little-endian; DataInputStream is big-endian. */
    private record LittleEndian(DataInputStream in) {
        int i32() throws IOException {
            return Integer.reverseBytes(in.readInt());
        }

        long u32() throws IOException {
            return Integer.toUnsignedLong(i32());
        }

        long i64() throws IOException {
            return Long.reverseBytes(in.readLong());
        }

        String string() throws IOException {
            long length = i64();
            if (length < 0 || length > MAX_STRING) {
                throw new IllegalStateException("string length " + length);
            }
            byte[] bytes = in.readNBytes((int) length);
            if (bytes.length < length) {
                throw new EOFException();
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }

        Object value(int type) throws IOException {
            return switch (type) {
                case 7 -> in.readUnsignedByte() != 0;
                case 8 -> string();
                default -> {
                    skip(type);
                    yield null;
                }
            };
        }

        void skip(int type) throws IOException {
            switch (type) {
                case 0, 1, 7 -> skipBytes(1);
                case 2, 3 -> skipBytes(2);
                case 4, 5, 6 -> skipBytes(4);
                case 10, 11, 12 -> skipBytes(8);
                case 8 -> string();
                case 9 -> {
                    int elementType = i32();
                    long count = i64();
                    if (count < 0) {
                        throw new IllegalStateException("array length " + count);
                    }
                    for (long i = 0; i < count; i++) {
                        skip(elementType);
                    }
                }
                default -> throw new IllegalStateException("unknown value type " + type);
            }
        }

        private void skipBytes(long n) throws IOException {
            in.skipNBytes(n);
        }
    }
}
