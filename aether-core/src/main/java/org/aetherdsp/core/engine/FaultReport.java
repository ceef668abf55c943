package org.aetherdsp.core.engine;

/**
 * A node threw from {@code process} on the RT thread and is now bypassed (outputs silent).
 *
 * @param node      the node's handle
 * @param typeId    its node type id
 * @param exception what it threw
 */
public record FaultReport(long node, String typeId, Throwable exception) {
    @Override
    public String toString() {
        return "node " + org.aetherdsp.core.arena.Arena.format(node) + " (" + typeId + ") faulted: " + exception;
    }
}
