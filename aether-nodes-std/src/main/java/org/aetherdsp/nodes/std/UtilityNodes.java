package org.aetherdsp.nodes.std;

import java.util.List;
import org.aetherdsp.api.NodeType;

/** Utility, envelopes and control: gain, mix, pan, meter, record, ADSR, sequencer. */
final class UtilityNodes {

    /** The node types of this family, in the order {@code aether nodes} lists them. */
    static final List<NodeType> TYPES = List.of(
            NodeType.of(Gain.TYPE_ID, Gain.DESCRIPTOR, Gain::new),
            NodeType.of(Mixer.TYPE_ID, Mixer.DESCRIPTOR, Mixer::new),
            NodeType.of(Pan.TYPE_ID, Pan.DESCRIPTOR, Pan::new),
            NodeType.of(LevelMeter.TYPE_ID, LevelMeter.DESCRIPTOR, LevelMeter::new),
            NodeType.of(StereoRecorder.TYPE_ID, StereoRecorder.DESCRIPTOR, StereoRecorder::new),
            NodeType.of(AdsrEnvelope.TYPE_ID, AdsrEnvelope.DESCRIPTOR, AdsrEnvelope::new),
            NodeType.of(StepSequencer.TYPE_ID, StepSequencer.DESCRIPTOR, StepSequencer::new));

    private UtilityNodes() {
    }
}
