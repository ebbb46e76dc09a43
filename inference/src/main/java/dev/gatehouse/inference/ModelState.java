package dev.gatehouse.inference;

/** Lifecycle of one model in the pool. */
public enum ModelState {
    UNLOADED,
    LOADING,
    READY,
    DRAINING,
    FAILED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
