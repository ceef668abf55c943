package org.aetherdsp.nodes.std;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Whether {@link Math#fma(double, double, double)} is one instruction on this JVM and machine.
 * It is where HotSpot runs with {@code UseFMA} (every x86 CPU since Haswell, AArch64); without
 * it, {@code Math.fma} computes with {@code BigDecimal}: slow, and it allocates, which the RT
 * thread must never do. Recursive filters use it on their feedback path, where a multiply and
 * an add cost two latencies and a fused one costs one, and fall back to the plain expression
 * otherwise. Decided once, when a node class first needs it (on the control thread, which
 * creates nodes).
 */
final class FusedMultiplyAdd {

    /** True when {@code Math.fma} is the hardware instruction here. */
    static final boolean AVAILABLE = detect();

    private FusedMultiplyAdd() {
    }

    /**
     * {@code a * b + c}: fused (one rounding) where {@link #AVAILABLE}, otherwise the plain
     * expression (two roundings), never {@code Math.fma}'s slow, allocating fallback. The JIT
     * folds the test, so a loop pays only for the arithmetic.
     */
    static double of(double a, double b, double c) {
        return AVAILABLE ? Math.fma(a, b, c) : a * b + c;
    }

    private static boolean detect() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return vm != null && Boolean.parseBoolean(vm.getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError notHotSpot) {
            // Not HotSpot, no jdk.management, or no such flag: take the expression without fma.
            return false;
        }
    }
}
