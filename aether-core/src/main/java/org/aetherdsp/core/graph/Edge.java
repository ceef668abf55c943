package org.aetherdsp.core.graph;

/**
 * A connection from an output port of one node to an input port of another.
 *
 * @param source     the source node's handle
 * @param sourcePort the source's output port
 * @param target     the target node's handle
 * @param targetPort the target's input port
 */
public record Edge(long source, int sourcePort, long target, int targetPort) {
}
