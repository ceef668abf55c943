package org.aetherdsp.core.graph;

/**
 * A node output routed to a host channel.
 *
 * @param node    the node's handle
 * @param port    the node's output port
 * @param channel the host channel, from 0
 */
public record HostOutput(long node, int port, int channel) {
}
