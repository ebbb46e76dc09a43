package dev.gatehouse.natives.download;

/**
 * A download that did not finish, with a message meant for the user as it is: the address, what went wrong and what
 * to do about it.
 */
public final class DownloadException extends Exception {

    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
