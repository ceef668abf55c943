package org.aetherdsp.cli;

import org.aetherdsp.core.engine.Engine;
import picocli.CommandLine.Option;

/**
 * The {@code --no-limit} option, shared by the commands that run a graph: the engine's output
 * limiter, on by default, so that no patch can send a sound card (or a file) a sample beyond full
 * scale. Audio that stays within full scale passes bit for bit unchanged.
 */
final class LimitOption {

    /** The limiter's ceiling: full scale. */
    static final float CEILING = 1f;

    @Option(names = "--no-limit", negatable = false,
            description = "Turn off the output limiter. By default a peak limiter (no look-ahead, 50 ms recovery) keeps"
                    + " every output sample within full scale; audio within it is untouched.")
    boolean off;

    /**
     * @param builder an engine builder
     * @return the builder, with the limiter unless {@code --no-limit}
     */
    Engine.Builder applyTo(Engine.Builder builder) {
        return off ? builder : builder.outputLimiter(CEILING);
    }
}
