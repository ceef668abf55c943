package org.aetherdsp.nodes.std;

import java.util.stream.Stream;
import org.aetherdsp.testkit.NodeConformance;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The effects again under the conformance suite, at a rate where Freeverb's tunings and the
 * millisecond ranges give fractional and rescaled lengths, and a larger block.
 */
class EffectNodesConformanceTest {

    @TestFactory
    Stream<DynamicNode> effectsConformAt44100HzIn128FrameBlocks() {
        return NodeConformance.forTypeIds(Delay.TYPE_ID, Comb.TYPE_ID, Chorus.TYPE_ID, Reverb.TYPE_ID, Compressor.TYPE_ID,
                        Waveshaper.TYPE_ID, Granular.TYPE_ID)
                .sampleRate(44_100f).blockSize(128).seed(7).tests();
    }
}
