package org.aetherdsp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.List;
import org.aetherdsp.core.engine.Engine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Aether's own RT code under the real-time rules: the {@code core.rt} package, the engine's
 * entry point, and the standard nodes. {@code org.aetherdsp.api} is imported with them so
 * that the calls the RT thread makes into it ({@code ParamBlock}, {@code Param}) are followed.
 */
class ProjectRealTimeSafetyTest {

    private static JavaClasses core;
    private static JavaClasses nodes;
    private static JavaClasses engineWithNodes;

    @BeforeAll
    static void importClasses() {
        core = new ClassFileImporter().importPackages("org.aetherdsp.core", "org.aetherdsp.api");
        nodes = new ClassFileImporter().importPackages("org.aetherdsp.nodes.std", "org.aetherdsp.api");
        engineWithNodes = new ClassFileImporter()
                .importPackages("org.aetherdsp.core", "org.aetherdsp.api", "org.aetherdsp.nodes.std");
    }

    @Test
    void rtPackageAndEngineProcessAreRealTimeSafe() {
        coreRules().check(core);
    }

    @Test
    void standardNodesProcessIsRealTimeSafe() {
        RealTimeRules.nodeProcessMethods().check(nodes);
    }

    @Test
    void standardNodesResetSaveAndLoadStateAreRealTimeSafeToo() {
        // DspNode documents reset, saveState and loadState as RT-thread methods: a fault path
        // may throw, with a constant message.
        RealTimeRules.nodeRealTimeMethods().allowingExceptionConstruction().check(nodes);
    }

    @Test
    void everythingEngineProcessReachesThroughThePlanIntoTheStandardNodesIsRealTimeSafe() {
        // Plan.run calls DspNode.process, which reaches every node implementation imported here.
        coreRules().check(engineWithNodes);
    }

    @Test
    void theOnlyExceptionTheRtPathConstructsIsEngineProcessRejectingAShortHostBuffer() {
        // Shows the check above is not vacuous: without the allowance, exactly that throw is found.
        List<String> found = RealTimeRules.realTimeCode()
                .inPackages("org.aetherdsp.core.rt")
                .andMethods(Engine.class, "process")
                .asArchRule().evaluate(core).getFailureReport().getDetails();

        assertEquals(1, found.size(), () -> String.join("\n", found));
        assertTrue(found.get(0).startsWith(Engine.class.getName() + ".process(float[][]) line "), found.get(0));
        assertTrue(found.get(0).endsWith(": constructs an object (new java.lang.IllegalArgumentException(String))"),
                found.get(0));
    }

    private static RealTimeRules.RealTimeCode coreRules() {
        return RealTimeRules.realTimeCode()
                .inPackages("org.aetherdsp.core.rt")
                .andMethods(Engine.class, "process")
                .allowingExceptionConstruction();
    }
}
