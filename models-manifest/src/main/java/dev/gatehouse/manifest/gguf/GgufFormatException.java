package dev.gatehouse.manifest.gguf;

import java.nio.file.Path;

/** A file could not be read as a GGUF model; the message names the file and what is wrong with it. */
public final class GgufFormatException extends Exception {

    /** What kind of problem the file has, for callers that react differently to each. */
    public enum Problem {
        MISSING,
        UNREADABLE,
        NOT_GGUF,
        UNSUPPORTED_VERSION,
        TRUNCATED,
        CORRUPT
    }

    private final Path path;
    private final Problem problem;

    public GgufFormatException(Path path, Problem problem, String detail) {
        super(path + ": " + detail);
        this.path = path;
        this.problem = problem;
    }

    public GgufFormatException(Path path, Problem problem, String detail, Throwable cause) {
        super(path + ": " + detail, cause);
        this.path = path;
        this.problem = problem;
    }

    public Path path() {
        return path;
    }

    public Problem problem() {
        return problem;
    }
}
