package com.acme.tremolo;

import java.util.stream.Stream;
import org.aetherdsp.testkit.NodeConformance;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Aether's conformance suite on our nodes: no allocation in {@code process}, every output
 * sample written and finite at the parameters' extremes, {@code reset} reproducible, state
 * continuing bit for bit.
 */
class AcmeNodesConformanceTest {

    @TestFactory
    Stream<DynamicNode> acmeNodesConform() {
        return NodeConformance.forProvider(new AcmeNodes()).tests();
    }

    /** Looked up by id, as the engine finds them: through our provider declaration and ServiceLoader. */
    @TestFactory
    Stream<DynamicNode> acmeNodesConformAtAnotherRateAndBlockSize() {
        return NodeConformance.forTypeIds("acme.tremolo", "acme.bitcrusher").sampleRate(44_100f).blockSize(128).seed(7).tests();
    }
}
