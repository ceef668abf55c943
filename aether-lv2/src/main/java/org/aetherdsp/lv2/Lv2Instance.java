package org.aetherdsp.lv2;

import org.aetherdsp.io.midi.MidiInput;

/**
 * The control side of a running LV2 node: reach it with
 * {@code engine.nodeAs(handle, Lv2Instance.class)}. Every method may be called from any thread
 * while the node runs; none blocks or waits for the RT thread.
 */
public interface Lv2Instance {

    /** @return the plugin's URI */
    String pluginUri();

    /**
     * @return the latency the plugin reports on its latency port (lv2:reportsLatency) after the
     *         last block, in frames; 0 for a plugin without one
     */
    int latencyFrames();

    /**
     * @param symbol a control output port's symbol
     * @return its value after the last block
     * @throws IllegalArgumentException if the plugin has no such control output (naming those it has)
     */
    float controlOutput(String symbol);

    /**
     * Feeds the plugin's MIDI atom inputs from {@code input} (null detaches): note and other
     * channel events, each at its frame in the block. The RT thread picks it up at its next block.
     *
     * @param input the engine's MIDI input
     */
    void listen(MidiInput input);

    /** @return whether the plugin has an atom input that takes MIDI events (an instrument, a MIDI effect) */
    boolean takesMidi();

    /** @return how many worker requests the plugin's worker thread has run (0 without the worker extension) */
    long workDone();
}
