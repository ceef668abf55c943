package org.aetherdsp.io.midi;

import java.util.List;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.ParamEvents;

/**
 * Applies MIDI control changes to node parameters, sample-accurately: attached to a
 * {@link MidiInput}, it routes each control change on the RT thread, in
 * {@link MidiInput#beforeBlock}, to the engine's {@link Engine#paramEvents() parameter events}
 * with the mapped, scaled value, the mapping's ramp and the message's frame offset in the
 * block. The engine's next block (the one the offset belongs to) starts the change at that
 * frame. A message without a time stamp starts at the block's first frame.
 *
 * <p>Each mapping is resolved once, here, on the control side: the node's handle is checked
 * and the parameter id turned into its index, so the RT side does no look-up by name. The
 * engine finds the node in the plan it runs, so mappings follow plan swaps and node
 * replacements; a change for a node removed since is dropped (counted by
 * {@link ParamEvents#dropped()}). Values are clamped into the parameter's range.
 *
 * <p>These changes do not go through the control side: {@link Engine#getParam} keeps the
 * value last set there. Snapshots ({@link Engine#requestSnapshot}) read parameter targets from
 * the running nodes, so they include them.
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

    private final MidiInput input;
    private final ParamEvents events;
    // One entry per route, flat for the RT thread.
    private final int[] channels;
    private final int[] controllers;
    private final long[] nodes;
    private final int[] params;
    private final float[] mins;
    private final float[] spans;
    private final int[] ramps;
    /** Written by the RT thread only. */
    private volatile long applied;
    private volatile long refused;

    /**
     * Resolves the mappings and attaches them to {@code input} (replacing mappings attached
     * before). Control thread.
     *
     * @param engine the engine whose parameters change; {@code input} must feed its blocks
     *               (the driver's block hook), on the thread that calls its {@code process}
     * @param input  where the control changes come from
     * @param routes the mappings; a controller may drive several parameters
     * @throws org.aetherdsp.core.graph.StaleHandleException  if a route names no node
     * @throws org.aetherdsp.core.graph.UnknownParamException if a route names no parameter of its node
     * @throws IllegalArgumentException if a channel, controller, bound or ramp is out of range
     */
    public ControlChanges(Engine engine, MidiInput input, List<Route> routes) {
        int n = routes.size();
        this.input = input;
        this.events = engine.paramEvents();
        this.channels = new int[n];
        this.controllers = new int[n];
        this.nodes = new long[n];
        this.params = new int[n];
        this.mins = new float[n];
        this.spans = new float[n];
        this.ramps = new int[n];
        for (int i = 0; i < n; i++) {
            Route r = routes.get(i);
            if (r.channel() < 0 || r.channel() > 16 || r.controller() < 0 || r.controller() > 127
                    || !Float.isFinite(r.min()) || !Float.isFinite(r.max()) || !(r.rampMs() >= 0f)
                    || Float.isInfinite(r.rampMs())) {
                throw new IllegalArgumentException("MIDI control change mapping " + r + " needs channel 0..16,"
                        + " controller 0..127, finite bounds and a finite ramp >= 0 ms");
            }
            channels[i] = r.channel();
            controllers[i] = r.controller();
            nodes[i] = r.node();
            params[i] = engine.paramIndexOf(r.node(), r.param());
            mins[i] = r.min();
            spans[i] = r.max() - r.min();
            ramps[i] = Math.round(r.rampMs() * engine.sampleRate() / 1000f);
        }
        input.route(this);
    }

    /**
     * Routes one control change. RT thread ({@link MidiInput#beforeBlock}), allocation-free.
     *
     * @param message status | controller &lt;&lt; 8 | value &lt;&lt; 16
     * @param offset  its frame in the engine's next block
     */
    void route(int message, int offset) {
        final int channel = (message & 0x0F) + 1;
        final int controller = (message >> 8) & 0x7F;
        final float scaled = ((message >> 16) & 0x7F) / 127f;
        for (int i = 0; i < controllers.length; i++) {
            if (controllers[i] == controller && (channels[i] == 0 || channels[i] == channel)) {
                if (events.offer(nodes[i], params[i], mins[i] + spans[i] * scaled, ramps[i], offset)) {
                    applied++;
                } else {
                    refused++;
                }
            }
        }
    }

    /** @return parameter changes passed to the engine so far */
    public long applied() {
        return applied;
    }

    /** @return changes refused because the engine's parameter event ring was full */
    public long refused() {
        return refused;
    }

    /** Detaches these mappings from the input (control changes are then ignored). */
    @Override
    public void close() {
        input.unroute(this);
    }
}
