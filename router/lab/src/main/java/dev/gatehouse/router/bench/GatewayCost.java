package dev.gatehouse.router.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * CPU time and heap allocation spent while one path ran: this JVM's Java threads (load generator, upstream and, on
 * the Gatehouse path, Gatehouse itself; virtual threads count on their carriers) plus an out-of-process gateway's
 * whole process (Portkey's node). Per request, these move less with other work on the machine than wall-clock latency
 * does, which makes them the figure to compare on a busy host (idle threads spinning for work still add more per
 * request to a path that serves fewer). The JVM's JIT compiler and GC threads are
 * left out: in a run of seconds the compiler's warm-up would swamp the per-request figure (it was most of it), and
 * the GC's share follows the allocated bytes, reported beside it.
 */
record GatewayCost(long cpuNanos, long jvmAllocatedBytes) {

    static final GatewayCost NONE = new GatewayCost(0, 0);

    /** What this JVM and {@code peer} (and its children) have used so far; {@code peer} may be null. */
    static GatewayCost now(ProcessHandle peer) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long cpu = 0;
        for (long t : threads.getThreadCpuTime(threads.getAllThreadIds())) cpu += Math.max(0, t); // -1: ended meanwhile
        if (peer != null) {
            cpu += Stream.concat(Stream.of(peer), peer.descendants())
                    .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        }
        return new GatewayCost(cpu, threads.getTotalThreadAllocatedBytes());
    }

    GatewayCost minus(GatewayCost before) {
        return new GatewayCost(cpuNanos - before.cpuNanos, jvmAllocatedBytes - before.jvmAllocatedBytes);
    }

    GatewayCost plus(GatewayCost other) {
        return new GatewayCost(cpuNanos + other.cpuNanos, jvmAllocatedBytes + other.jvmAllocatedBytes);
    }
}
