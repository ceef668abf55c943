package org.aetherdsp.nodes.std;

import java.util.List;
import org.aetherdsp.api.NodeType;

/** Sources: oscillators, noise, LFO. */
final class SourceNodes {

    /** The node types of this family, in the order {@code aether nodes} lists them. */
    static final List<NodeType> TYPES = List.of(
            NodeType.of(SineOscillator.TYPE_ID, SineOscillator.DESCRIPTOR, SineOscillator::new),
            NodeType.of(SawOscillator.TYPE_ID, SawOscillator.DESCRIPTOR, SawOscillator::new),
            NodeType.of(SquareOscillator.TYPE_ID, SquareOscillator.DESCRIPTOR, SquareOscillator::new),
            NodeType.of(TriangleOscillator.TYPE_ID, TriangleOscillator.DESCRIPTOR, TriangleOscillator::new),
            NodeType.of(Noise.TYPE_ID, Noise.DESCRIPTOR, Noise::new),
            NodeType.of(Lfo.TYPE_ID, Lfo.DESCRIPTOR, Lfo::new));

    private SourceNodes() {
    }
}
