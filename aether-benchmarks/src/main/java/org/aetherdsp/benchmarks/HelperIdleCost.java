package org.aetherdsp.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.aetherdsp.core.engine.Engine;

/**
 * What a helper worker costs the rest of the machine when blocks come at the sound card's
 * pace rather than back to back: {@link WidePatchBenchmark}'s patch on two workers, one block
 * every 64 / 48000 s for a number of seconds, paced like a driver callback. Prints the CPU time
 * of the RT thread and of the helper as a share of wall-clock time, and the share of clusters
 * the helper ran. A helper that spun without pause would use 100% of a core.
 *
 * <p>Not a JMH benchmark (JMH runs operations back to back, which is the case the helper's
 * spin covers). Run: {@code java -cp aether-benchmarks/target/benchmarks.jar
 * org.aetherdsp.benchmarks.HelperIdleCost [seconds [workers]]}; with 1 worker it prints the
 * same for the single-threaded engine, for comparison.
 */
public final class HelperIdleCost {

    private HelperIdleCost() {
    }

    /**
     * @param args optional: seconds to run (default 10), workers (default 2)
     */
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        WidePatchBenchmark patch = new WidePatchBenchmark();
        patch.workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        patch.setUp();
        Engine engine = patch.engine();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Thread helper = patch.workers > 1 ? engine.helperThreads()[0] : Thread.currentThread();
        long period = engine.deadlineNanos();
        long blocks = (long) (seconds * 1e9 / period);

        long clustersBefore = engine.helperClusters();
        long rtCpu = threads.getCurrentThreadCpuTime();
        long helperCpu = threads.getThreadCpuTime(helper.getId());
        long start = System.nanoTime();
        long next = start;
        for (long b = 0; b < blocks; b++) {
            patch.block();
            next += period;
            long wait;
            while ((wait = next - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        long wall = System.nanoTime() - start;
        rtCpu = threads.getCurrentThreadCpuTime() - rtCpu;
        helperCpu = patch.workers > 1 ? threads.getThreadCpuTime(helper.getId()) - helperCpu : 0;
        long helped = engine.helperClusters() - clustersBefore;
        long clusters = Math.max(1, blocks * engine.latestPlan().clusterCount());
        System.out.printf(Locale.ROOT, "%d blocks paced at %.1f us over %.2f s: RT thread CPU %.1f%%, helper CPU %.1f%%,"
                        + " helper ran %.1f%% of %d clusters; %s%n",
                blocks, period / 1e3, wall / 1e9, 100.0 * rtCpu / wall, 100.0 * helperCpu / wall,
                100.0 * helped / clusters, clusters, engine.stats().summary());
        patch.tearDown();
    }
}
