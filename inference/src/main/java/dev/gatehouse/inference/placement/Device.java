package dev.gatehouse.inference.placement;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Where a model runs, written {@code gpu:0} (whole model on one GPU), {@code gpus:0,1} (split across GPUs),
 * {@code partial:gpu:1} (some layers on a GPU, the rest on the CPU) or {@code cpu}.
 */
public record Device(Kind kind, List<Integer> gpus) {
    public enum Kind { GPU, SPLIT, PARTIAL, CPU }

    public static final Device CPU = new Device(Kind.CPU, List.of());

    public Device {
        gpus = List.copyOf(gpus);
        if ((kind == Kind.CPU) != gpus.isEmpty()) throw new IllegalArgumentException(kind + " with GPUs " + gpus);
    }

    public static Device gpu(int index) {
        return new Device(Kind.GPU, List.of(index));
    }

    public static Device split(List<Integer> indexes) {
        return new Device(Kind.SPLIT, indexes);
    }

    public static Device partial(int index) {
        return new Device(Kind.PARTIAL, List.of(index));
    }

    public boolean usesGpu() {
        return kind != Kind.CPU;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case GPU -> "gpu:" + gpus.getFirst();
            case SPLIT -> "gpus:" + gpus.stream().map(String::valueOf).collect(Collectors.joining(","));
            case PARTIAL -> "partial:gpu:" + gpus.getFirst();
            case CPU -> "cpu";
        };
    }
}
