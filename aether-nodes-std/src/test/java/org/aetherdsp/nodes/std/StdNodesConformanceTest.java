package org.aetherdsp.nodes.std;

import java.util.stream.Stream;
import org.aetherdsp.testkit.NodeConformance;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** The standard nodes pass the conformance suite plugin authors run on theirs. */
class StdNodesConformanceTest {

    @TestFactory
    Stream<DynamicNode> standardNodesConform() {
        return NodeConformance.forProvider(new StdNodeProvider()).tests();
    }

    @TestFactory
    Stream<DynamicNode> standardNodesConformAtAnotherRateAndBlockSize() {
        return NodeConformance.forTypeIds("std.osc.sine", "std.osc.saw", "std.gain", "std.mix")
                .sampleRate(44_100f).blockSize(128).seed(99).tests();
    }
}
