package org.aetherdsp.nodes.std;

import java.util.List;
import org.aetherdsp.api.NodeType;

/** Filters: state-variable, biquad, ladder, formant. */
final class FilterNodes {

    /** The node types of this family, in the order {@code aether nodes} lists them. */
    static final List<NodeType> TYPES = List.of(
            NodeType.of(StateVariableFilter.TYPE_ID, StateVariableFilter.DESCRIPTOR, StateVariableFilter::new),
            NodeType.of(Biquad.TYPE_ID, Biquad.DESCRIPTOR, Biquad::new),
            NodeType.of(LadderFilter.TYPE_ID, LadderFilter.DESCRIPTOR, LadderFilter::new),
            NodeType.of(FormantFilter.TYPE_ID, FormantFilter.DESCRIPTOR, FormantFilter::new));

    private FilterNodes() {
    }
}
