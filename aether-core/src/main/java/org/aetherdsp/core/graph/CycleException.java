package org.aetherdsp.core.graph;

import java.util.List;

/** A connection that would close a cycle; the message and {@link #cycle()} name the nodes on it. */
public final class CycleException extends GraphException {
    private static final long serialVersionUID = 1L;

    private final transient List<Long> cycle;

    /**
     * @param message what was wrong
     * @param cycle   the handles on the cycle, starting and ending with the same node
     */
    public CycleException(String message, List<Long> cycle) {
        super(message);
        this.cycle = List.copyOf(cycle);
    }

    /** @return the handles on the cycle, starting and ending with the same node */
    public List<Long> cycle() {
        return cycle;
    }
}
