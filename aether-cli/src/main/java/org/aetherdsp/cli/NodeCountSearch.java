package org.aetherdsp.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The search behind {@code aether bench --max-nodes}: the largest node count whose measured
 * block time still fits a budget. Counts double from 1 until one does not fit (or the limit
 * is reached), then a binary search between the last count that fitted and the first that did
 * not narrows the answer down to a relative tolerance.
 *
 * <p>The measurement is injected, so the search can be tested without timing anything. It
 * assumes that block time grows with the node count; a noisy machine can break that, which is
 * why every probe is returned for the report.
 */
final class NodeCountSearch {

    /** Measures one node count: returns the block time at the percentile of interest, in ns. */
    @FunctionalInterface
    interface Probe {
        /**
         * @param nodes the node count to measure, at least 1
         * @return the block time in nanoseconds
         * @throws Exception if the patch cannot be built or run
         */
        long measure(int nodes) throws Exception;
    }

    /** One measured count. */
    record Step(int nodes, long nanos, boolean fits) {
    }

    /**
     * The answer.
     *
     * @param nodes      the largest count that fitted, 0 if not even one did
     * @param nanos      the block time measured at that count (0 if none fitted)
     * @param limitReached whether the search stopped at the limit while still fitting
     * @param steps      every probe, in the order run
     */
    record Result(int nodes, long nanos, boolean limitReached, List<Step> steps) {
    }

    private final long budgetNanos;
    private final int limit;
    private final double tolerance;

    /**
     * @param budgetNanos the block time that still fits, inclusive
     * @param limit       the largest count to try
     * @param tolerance   stop the binary search once the gap between a fitting and a failing
     *                    count is at most this fraction of the fitting one (the gap is at least 1)
     */
    NodeCountSearch(long budgetNanos, int limit, double tolerance) {
        if (budgetNanos <= 0 || limit < 1 || !(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("budget must be positive, limit at least 1, tolerance within [0, 1): "
                    + budgetNanos + ", " + limit + ", " + tolerance);
        }
        this.budgetNanos = budgetNanos;
        this.limit = limit;
        this.tolerance = tolerance;
    }

    /**
     * @param probe the measurement
     * @param progress told about every step as it is measured
     * @return the largest fitting count and every step
     * @throws Exception what the probe throws
     */
    Result run(Probe probe, java.util.function.Consumer<Step> progress) throws Exception {
        List<Step> steps = new ArrayList<>();
        int fit = 0;
        long fitNanos = 0;
        int fail = -1;
        for (int n = 1; ; n = (int) Math.min(limit, 2L * n)) {
            Step s = measure(probe, n, steps, progress);
            if (!s.fits()) {
                fail = n;
                break;
            }
            fit = n;
            fitNanos = s.nanos();
            if (n == limit) {
                return new Result(fit, fitNanos, true, steps);
            }
        }
        while (fail - fit > Math.max(1, (long) (fit * tolerance))) {
            int mid = (int) (((long) fit + fail) >>> 1);
            Step s = measure(probe, mid, steps, progress);
            if (s.fits()) {
                fit = mid;
                fitNanos = s.nanos();
            } else {
                fail = mid;
            }
        }
        return new Result(fit, fitNanos, false, steps);
    }

    private Step measure(Probe probe, int n, List<Step> steps, java.util.function.Consumer<Step> progress) throws Exception {
        long nanos = probe.measure(n);
        Step s = new Step(n, nanos, nanos <= budgetNanos);
        steps.add(s);
        progress.accept(s);
        return s;
    }
}
