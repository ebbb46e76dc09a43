package dev.gatehouse.manifest;

/** Coarse capability class of a model, used by operators and later by routing. */
public enum Tier {
    SMALL,
    MEDIUM,
    LARGE
}
