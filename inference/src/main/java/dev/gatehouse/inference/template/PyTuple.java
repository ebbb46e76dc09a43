package dev.gatehouse.inference.template;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/** An immutable Python tuple: a list that prints as {@code (a, b)}. Pairs from items() and dictsort are tuples. */
final class PyTuple extends AbstractList<Object> {

    private final Object[] items;

    private PyTuple(Object[] items) {
        this.items = items;
    }

    static PyTuple of(Object... items) {
        return new PyTuple(items.clone());
    }

    static PyTuple copyOf(List<?> items) {
        return new PyTuple(items.toArray());
    }

    @Override
    public Object get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }

    @Override
    public String toString() {
        return Arrays.toString(items);
    }
}
