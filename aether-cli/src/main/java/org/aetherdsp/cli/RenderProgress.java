package org.aetherdsp.cli;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar on stderr for a render, in seconds of audio (progressbar, over JLine). It is drawn
 * only on an interactive terminal, so that pipes, log files and tests get no control characters.
 */
final class RenderProgress implements AutoCloseable {

    /** A render that finishes sooner than this shows no bar at all. */
    static final long QUIET_NANOS = 1_000_000_000L;

    private final boolean enabled;
    private final long frames;
    private final int sampleRate;
    private final PrintStream err;
    private final long quietNanos;
    private final long startNanos = System.nanoTime();
    private ProgressBar bar;

    RenderProgress(boolean enabled, long frames, int sampleRate, PrintStream err, long quietNanos) {
        this.enabled = enabled;
        this.frames = frames;
        this.sampleRate = sampleRate;
        this.err = err;
        this.quietNanos = quietNanos;
    }

    /**
     * @param wanted     false if the user asked for no bar
     * @param frames     frames the render will produce
     * @param sampleRate frames per second
     * @return a progress that shows a bar once the render has run for {@link #QUIET_NANOS}, and
     *         only when wanted and on a terminal
     */
    static RenderProgress start(boolean wanted, long frames, int sampleRate) {
        return new RenderProgress(shouldDraw(wanted), frames, sampleRate, System.err, QUIET_NANOS);
    }

    /** @return whether a bar may be drawn: wanted, and a person is watching */
    static boolean shouldDraw(boolean wanted) {
        return wanted && interactive();
    }

    /**
     * Whether a person is watching: stdin and stdout are a terminal (JDK 17-21) or, from JDK 22,
     * where {@code System.console()} exists for redirected streams too, {@code Console.isTerminal()}.
     */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK 17-21: a console exists only on a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** @param frame frames rendered so far */
    void update(long frame) {
        if (bar == null) {
            if (!enabled || System.nanoTime() - startNanos < quietNanos) {
                return;
            }
            bar = new ProgressBarBuilder().setTaskName("render").setInitialMax(frames)
                    .setUnit(" s", sampleRate).setSpeedUnit(ChronoUnit.SECONDS).showSpeed()
                    .setConsumer(new ConsoleProgressBarConsumer(err)).setUpdateIntervalMillis(200)
                    .clearDisplayOnFinish().build();
        }
        bar.stepTo(frame);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
