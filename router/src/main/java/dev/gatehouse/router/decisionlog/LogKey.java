package dev.gatehouse.router.decisionlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The HMAC key of the decision log's prompt hashes: {@code GATEHOUSE_LOG_KEY} when set, else a random key kept in
 * {@code <log dir>/decision-log.key} (created once, readable by the owner only). Equal prompts hash equally under
 * one key, so an operator can group requests without the log ever holding their text.
 */
public final class LogKey {

    public static final String ENV = "GATEHOUSE_LOG_KEY";
    static final String FILE = "decision-log.key";

    private LogKey() {}

    public static byte[] resolve(Map<String, String> env, Path logDir) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip().getBytes(StandardCharsets.UTF_8);
        }
        Path file = logDir.resolve(FILE);
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, HexFormat.of().formatHex(key));
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: use theirs
                } catch (UnsupportedOperationException notPosix) {
                    Files.writeString(file, HexFormat.of().formatHex(key));
                }
            }
            return HexFormat.of().parseHex(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the decision log key " + file, e);
        }
    }
}
