package org.aetherdsp.nodes.std;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.aetherdsp.testkit.RealTimeRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standard nodes under the testkit's real-time rules, as a plugin author would apply
 * them: {@code process} and everything it calls, then {@code reset}, {@code saveState} and
 * {@code loadState} too (RT-thread methods by the {@code DspNode} contract).
 */
class StdNodesRealTimeSafetyTest {

    private static JavaClasses nodes;
    private static JavaClasses engineWithNodes;

    @BeforeAll
    static void importClasses() {
        nodes = new ClassFileImporter().importPackages("org.aetherdsp.nodes.std", "org.aetherdsp.api");
        engineWithNodes = new ClassFileImporter()
                .importPackages("org.aetherdsp.core", "org.aetherdsp.api", "org.aetherdsp.nodes.std");
    }

    @Test
    void standardNodesProcessIsRealTimeSafe() {
        RealTimeRules.nodeProcessMethods().check(nodes);
    }

    @Test
    void standardNodesResetSaveAndLoadStateAreRealTimeSafeToo() {
        // A fault path may throw, with a constant message.
        RealTimeRules.nodeRealTimeMethods().allowingExceptionConstruction().check(nodes);
    }

    @Test
    void everythingEngineProcessReachesThroughThePlanIntoTheStandardNodesIsRealTimeSafe() {
        // Plan.run calls DspNode.process, which reaches every node implementation imported here.
        RealTimeRules.engineCode()
                .allowingExceptionConstruction()
                .check(engineWithNodes);
    }
}
