package org.aetherdsp.api;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A node that counts something worth reporting beside the engine's own counters: frames a
 * recorder dropped because nobody drained it, events a sequencer could not place. The engine
 * lists each counter in its statistics under the node's handle, for as long as the node is in the
 * graph ({@code node.3:1.dropped}).
 *
 * <p>Threads: {@link #counters()} is called on the control side when the node joins the graph;
 * the suppliers it returns are then read from any thread that asks for the statistics, while the
 * node runs, so each must read a counter the RT thread publishes safely (a plain read and a
 * release store on one writer, as {@code AtomicLong.lazySet} does) and allocate nothing.
 */
public interface NodeCounters {

    /**
     * @return each counter by a short name ({@code dropped}), and how to read it
     */
    Map<String, LongSupplier> counters();
}
