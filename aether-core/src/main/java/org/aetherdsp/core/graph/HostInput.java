package org.aetherdsp.core.graph;

/**
 * A host input channel routed into a node input port. Several sources on one port (other nodes,
 * other input channels, the same channel twice is refused) are summed, as for any connection.
 *
 * @param channel the host input channel, from 0
 * @param node    the node's handle
 * @param port    the node's input port
 */
public record HostInput(int channel, long node, int port) {
}
