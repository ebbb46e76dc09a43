package dev.gatehouse.router.pull;

/** A model that was not pulled; the message is one line for the user, naming the model, the address and the fix. */
public final class PullException extends Exception {

    public PullException(String message) {
        super(message);
    }

    public PullException(String message, Throwable cause) {
        super(message, cause);
    }
}
