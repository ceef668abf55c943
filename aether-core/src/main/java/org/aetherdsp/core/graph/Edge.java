package org.aetherdsp.core.graph;

/**
 * A connection from an output port of one node to an input port of another.
 *
 * <p>A <em>feedback</em> connection reads the source's output of the previous block instead of
 * the current one: it is how a loop is closed. It is not a dependency inside a block (it does
 * not order the nodes and does not count as a cycle), so a loop through it has exactly one
 * block of delay ({@code blockSize} frames). See {@code Engine.connectFeedback}.
 *
 * @param source     the source node's handle
 * @param sourcePort the source's output port
 * @param target     the target node's handle
 * @param targetPort the target's input port
 * @param feedback   whether the target reads the source's previous block (a feedback connection)
 */
public record Edge(long source, int sourcePort, long target, int targetPort, boolean feedback) {

    /**
     * An ordinary connection: the target reads the source's output of the same block.
     *
     * @param source     the source node's handle
     * @param sourcePort the source's output port
     * @param target     the target node's handle
     * @param targetPort the target's input port
     */
    public Edge(long source, int sourcePort, long target, int targetPort) {
        this(source, sourcePort, target, targetPort, false);
    }
}
