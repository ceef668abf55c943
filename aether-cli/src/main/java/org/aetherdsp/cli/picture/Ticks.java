package org.aetherdsp.cli.picture;

import java.util.Locale;

/** Round tick spacings for axes: 1, 2 or 5 times a power of ten. */
final class Ticks {

    private Ticks() {
    }

    /**
     * @param range    the length of the axis, in its unit
     * @param maxTicks at most this many ticks should fit
     * @return the smallest 1-2-5 step that gives at most {@code maxTicks} ticks
     */
    static double niceStep(double range, int maxTicks) {
        if (!(range > 0)) {
            return 1;
        }
        double raw = range / Math.max(1, maxTicks);
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /**
     * @param seconds  the length of a time axis
     * @param maxTicks at most this many ticks should fit
     * @return a 1-2-5 step below half a minute, whole minutes (or 30 s) above
     */
    static double timeStep(double seconds, int maxTicks) {
        double step = niceStep(seconds, maxTicks);
        if (step < 30) {
            return step;
        }
        for (double s : new double[] {30, 60, 120, 300, 600, 900, 1800, 3600, 7200}) {
            if (seconds / s <= maxTicks) {
                return s;
            }
        }
        return niceStep(seconds / 3600, maxTicks) * 3600;
    }

    /** @return the number with up to 3 decimals and no trailing zeros */
    static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * @param seconds a time on the axis
     * @param length  the length of the whole axis, in seconds
     * @return "2.5 s" on an axis shorter than a minute, "1:05" (minutes:seconds) on a longer one
     */
    static String time(double seconds, double length) {
        if (length >= 60) {
            long s = Math.round(seconds);
            return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
        return trim(seconds) + " s";
    }
}
