import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Is this core's speed steady? Two fixed kernels in alternating rounds of about 20 ms, timed in
 * thread CPU time, 60 rounds each after a warm-up:
 * - latency-bound: one dependent multiply-add chain (a core's clock shows here);
 * - throughput-bound: a table read with linear interpolation, like the saw's loop (loads,
 *   conversions, independent frames: a core whose execution units are shared with another
 *   thread, a host's hyperthread sibling say, shows here).
 * On a steady core both vary a few percent. Run: {@code taskset -c 0 java HostNoise.java}.
 */
public final class HostNoise {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static double sink;

    public static void main(String[] args) {
        double[] table = new double[2048];
        for (int i = 0; i < table.length; i++) {
            table[i] = Math.sin(i);
        }
        float[] out = new float[64];
        int rounds = 60;
        long[] latency = new long[rounds];
        long[] throughput = new long[rounds];
        for (int r = -20; r < rounds; r++) {
            long t0 = MX.getCurrentThreadCpuTime();
            chain(8_000_000);
            long t1 = MX.getCurrentThreadCpuTime();
            for (int k = 0; k < 1_000; k++) {
                reads(table, out, k);
            }
            long t2 = MX.getCurrentThreadCpuTime();
            if (r >= 0) {
                latency[r] = t1 - t0;
                throughput[r] = t2 - t1;
            }
        }
        print("latency-bound chain ", latency);
        double spread = print("throughput-bound read", throughput);
        System.out.println(spread > 1.3
                ? "the read's speed moves by more than 30% while the chain's holds: this core's execution units are shared at times"
                : "both steady (" + (float) sink + ")");
    }

    private static void chain(int n) {
        double x = 1.0;
        for (int i = 0; i < n; i++) {
            x = x * 0.9999999 + 1e-9;
        }
        sink += x;
    }

    private static void reads(double[] t, float[] out, int k) {
        for (int rep = 0; rep < 100; rep++) {
            double x = ((k + rep) & 7) * 0.37;
            for (int i = 0; i < 64; i++) {
                int j = (int) x;
                double f = x - j;
                int at = 2 * j;
                out[i] = (float) (0.5 * (t[at] + f * t[at + 1]) + 0.3 * (t[at + 2] + f * t[at + 3]));
                x += 7.3;
                if (x >= 1000) {
                    x -= 1000;
                }
            }
            sink += out[rep & 63];
        }
    }

    private static double print(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%s: min %.2f ms, median %.2f ms, max %.2f ms per round (max / min %.2f)%n", what, s[0] / 1e6,
                s[s.length / 2] / 1e6, s[s.length - 1] / 1e6, s[s.length - 1] / (double) s[0]);
        return s[s.length - 1] / (double) s[0];
    }
}
