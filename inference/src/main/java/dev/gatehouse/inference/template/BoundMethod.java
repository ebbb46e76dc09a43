package dev.gatehouse.inference.template;

/** A Python method read off a value, e.g. {@code message.content.split}, waiting to be called. */
record BoundMethod(Object target, String name) implements Callable {

    @Override
    public Object call(Arguments args) {
        return MethodCalls.call(target, name, args);
    }

    @Override
    public String toString() {
        return "<method " + name + ">";
    }
}
