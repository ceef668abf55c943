package org.aetherdsp.nodes.std;

import java.util.stream.Stream;
import org.aetherdsp.testkit.NodeConformance;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The filters conform at other rates and block sizes too: at 8 kHz every cutoff above
 * 3.92 kHz (including the 20 kHz maximum) must be clamped below Nyquist, and an odd block
 * size catches code that assumes a power of two.
 */
class FilterNodesConformanceTest {

    private static final String[] FILTERS = {
            StateVariableFilter.TYPE_ID, Biquad.TYPE_ID, LadderFilter.TYPE_ID, FormantFilter.TYPE_ID};

    @TestFactory
    Stream<DynamicNode> filtersConformAt44100HzIn128FrameBlocks() {
        return NodeConformance.forTypeIds(FILTERS).sampleRate(44_100f).blockSize(128).seed(99).tests();
    }

    @TestFactory
    Stream<DynamicNode> filtersConformAt8kHzIn17FrameBlocks() {
        return NodeConformance.forTypeIds(FILTERS).sampleRate(8_000f).blockSize(17).seed(7).tests();
    }
}
