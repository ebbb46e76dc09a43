package dev.gatehouse.router.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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

    /**
     * What this JVM's threads and {@code peer} (and its children) have used so far, thread by thread, so that a
     * span's cost counts only threads it saw: a carrier thread that ended in between (idle ones do) would otherwise
     * take its whole past CPU time out of the sum, and a span came out below zero.
     */
    record Snapshot(Map<Long, Long> threadCpu, long peerCpu, long allocatedBytes) {

        /** The cost of the span from {@code before} to this snapshot. */
        GatewayCost since(Snapshot before) {
            long cpu = peerCpu - before.peerCpu;
            for (var thread : threadCpu.entrySet()) {
                cpu += thread.getValue() - before.threadCpu.getOrDefault(thread.getKey(), 0L); // new: all of it
            }
            return new GatewayCost(cpu, allocatedBytes - before.allocatedBytes);
        }
    }

    /** {@code peer} may be null. */
    static Snapshot now(ProcessHandle peer) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long[] cpu = threads.getThreadCpuTime(ids);
        Map<Long, Long> byThread = new HashMap<>();
        for (int i = 0; i < ids.length; i++) if (cpu[i] >= 0) byThread.put(ids[i], cpu[i]); // -1: ended meanwhile
        long peerCpu = peer == null ? 0 : Stream.concat(Stream.of(peer), peer.descendants())
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        return new Snapshot(byThread, peerCpu, threads.getTotalThreadAllocatedBytes());
    }

    GatewayCost plus(GatewayCost other) {
        return new GatewayCost(cpuNanos + other.cpuNanos, jvmAllocatedBytes + other.jvmAllocatedBytes);
    }
}
