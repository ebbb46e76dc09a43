package dev.gatehouse.natives.backends;

/**
 * An install that did not happen, with a message meant to be shown to the user as it is: it names the package,
 * the address or file involved and what to do. When it is thrown nothing new is left in the cache.
 */
public final class BackendInstallException extends Exception {

    public BackendInstallException(String message) {
        super(message);
    }

    public BackendInstallException(String message, Throwable cause) {
        super(message, cause);
    }
}
