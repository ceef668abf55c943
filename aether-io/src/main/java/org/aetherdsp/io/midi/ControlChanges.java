package org.aetherdsp.io.midi;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.graph.GraphException;

/**
 * Applies MIDI control changes to node parameters: a control thread that takes the control
 * changes a {@link MidiInput} passed on and calls {@link Engine#setParam} with the mapped,
 * scaled value and ramp. A change reaches the node at the next block boundary after this thread
 * sees it, smoothed by the ramp: control changes are not sample-accurate (only notes are).
 */
public final class ControlChanges implements AutoCloseable {

    /**
     * One mapping: a controller to a parameter.
     *
     * @param channel    1..16, or 0 for every channel
     * @param controller the controller number, 0..127
     * @param node       the node's handle
     * @param param      the parameter id
     * @param min        the value at controller value 0
     * @param max        the value at controller value 127
     * @param rampMs     the ramp each change takes
     */
    public record Route(int channel, int controller, long node, String param, float min, float max, float rampMs) {
    }

    private final Engine engine;
    private final MidiRing ring;
    private final Route[] routes;
    private final Thread thread;
    private volatile boolean stop;
    private volatile long applied;
    private volatile long refused;

    /**
     * Starts the control thread.
     *
     * @param engine the engine whose parameters change
     * @param input  where the control changes come from
     * @param routes the mappings; a controller may drive several parameters
     */
    public ControlChanges(Engine engine, MidiInput input, List<Route> routes) {
        this.engine = engine;
        this.ring = input.controlChanges();
        this.routes = routes.toArray(new Route[0]);
        this.thread = new Thread(this::run, "aether-midi-cc");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stop) {
            if (ring.isEmpty()) {
                LockSupport.parkNanos(500_000);
                continue;
            }
            int m = ring.peekMessage();
            ring.remove();
            apply(m & 0x0F, (m >> 8) & 0x7F, (m >> 16) & 0x7F);
        }
    }

    /** Applies one control change now, on the calling (control) thread. */
    void apply(int channelIndex, int controller, int value) {
        for (Route r : routes) {
            if (r.controller() == controller && (r.channel() == 0 || r.channel() == channelIndex + 1)) {
                float v = r.min() + (r.max() - r.min()) * (value / 127f);
                try {
                    engine.setParam(r.node(), r.param(), v, r.rampMs());
                    applied++;
                } catch (GraphException | IllegalStateException | IllegalArgumentException e) {
                    refused++; // the node was removed, or the command ring is full: the next change will do
                }
            }
        }
    }

    /** @return parameter changes made so far */
    public long applied() {
        return applied;
    }

    /** @return changes the engine refused (node gone, command ring full) */
    public long refused() {
        return refused;
    }

    /** Stops the control thread. */
    @Override
    public void close() {
        stop = true;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
