package org.aetherdsp.core.engine;

import java.util.ArrayList;
import java.util.List;
import org.aetherdsp.core.model.GraphModel;
import org.aetherdsp.core.rt.NodeSlot;

/**
 * The fault reports of an engine. A node that throws on the RT thread marks its slot; the
 * control side turns each mark into exactly one report: when {@link #drain} finds it in the
 * graph, or, if the node leaves the graph first (removed, replaced), when it leaves, so that
 * no fault is ever lost between the throw and the drain. Control side, under the engine's lock.
 */
final class FaultLog {

    private final List<FaultReport> kept = new ArrayList<>();
    private long faultsSeen;

    /** A node leaves the graph: keeps its fault report, if it has one not yet taken. */
    void leaving(NodeSlot slot) {
        Throwable t = slot.takeFault();
        if (t != null) {
            kept.add(new FaultReport(slot.handle(), slot.typeId(), t));
        }
    }

    /**
     * @param model    the graph
     * @param rtFaults the RT thread's fault counter now
     * @return the reports not drained before, in the order the nodes left or sit in the graph
     */
    List<FaultReport> drain(GraphModel model, long rtFaults) {
        List<FaultReport> out = new ArrayList<>(kept);
        kept.clear();
        if (rtFaults != faultsSeen) {
            faultsSeen = rtFaults;
            for (long h : model.handles()) {
                NodeSlot slot = model.entry(h).slot();
                Throwable t = slot.takeFault();
                if (t != null) {
                    out.add(new FaultReport(h, slot.typeId(), t));
                }
            }
        }
        return out.isEmpty() ? List.of() : out;
    }
}
