package org.aetherdsp.nodes.std;

import java.util.List;
import org.aetherdsp.api.NodeType;

/** Effects: delay, comb, chorus, reverb, compressor, waveshaper, granular. */
final class EffectNodes {

    /** The node types of this family, in the order {@code aether nodes} lists them. */
    static final List<NodeType> TYPES = List.of(
            NodeType.of(Delay.TYPE_ID, Delay.DESCRIPTOR, Delay::new),
            NodeType.of(Comb.TYPE_ID, Comb.DESCRIPTOR, Comb::new),
            NodeType.of(Chorus.TYPE_ID, Chorus.DESCRIPTOR, Chorus::new),
            NodeType.of(Reverb.TYPE_ID, Reverb.DESCRIPTOR, Reverb::new),
            NodeType.of(Compressor.TYPE_ID, Compressor.DESCRIPTOR, Compressor::new),
            NodeType.of(Waveshaper.TYPE_ID, Waveshaper.DESCRIPTOR, Waveshaper::new),
            NodeType.of(Granular.TYPE_ID, Granular.DESCRIPTOR, Granular::new));

    private EffectNodes() {
    }
}
