package org.aetherdsp.nodes.std;

import java.util.stream.Stream;
import org.aetherdsp.testkit.NodeConformance;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The utility and instrument nodes under the conformance suite at rates and block sizes other
 * than the default 48 kHz / 64 (which {@code StdNodesConformanceTest} covers): ring and
 * window sizes derive from the rate, and 44.1 kHz makes the recorder's ring no multiple of
 * the block.
 */
class UtilityConformanceTest {

    private static final String[] TYPES = {Pan.TYPE_ID, LevelMeter.TYPE_ID, StereoRecorder.TYPE_ID,
            AdsrEnvelope.TYPE_ID, StepSequencer.TYPE_ID, PluckedString.TYPE_ID, SamplePlayer.TYPE_ID};

    @TestFactory
    Stream<DynamicNode> conformAt44100HzIn128FrameBlocks() {
        return NodeConformance.forTypeIds(TYPES).sampleRate(44_100f).blockSize(128).seed(7).tests();
    }

    @TestFactory
    Stream<DynamicNode> conformAt96kHzIn32FrameBlocks() {
        return NodeConformance.forTypeIds(TYPES).sampleRate(96_000f).blockSize(32).seed(8).tests();
    }
}
