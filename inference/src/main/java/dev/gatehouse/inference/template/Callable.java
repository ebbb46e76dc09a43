package dev.gatehouse.inference.template;

/** Anything a template can call: a global function, a macro, a method bound to a value, {@code caller}. */
@FunctionalInterface
interface Callable {
    Object call(Arguments args);
}
