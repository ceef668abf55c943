package org.aetherdsp.nodes.std;

import java.util.List;
import org.aetherdsp.api.NodeType;

/** Instruments: plucked string, sampler. */
final class InstrumentNodes {

    /** The node types of this family, in the order {@code aether nodes} lists them. */
    static final List<NodeType> TYPES = List.of(
            NodeType.of(PluckedString.TYPE_ID, PluckedString.DESCRIPTOR, PluckedString::new),
            NodeType.of(SamplePlayer.TYPE_ID, SamplePlayer.DESCRIPTOR, SamplePlayer::new));

    private InstrumentNodes() {
    }
}
