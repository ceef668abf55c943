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
 * Aether's own RT code under the real-time rules: the {@code core.rt} package and the
 * engine's entry point. {@code org.aetherdsp.api} is imported with them so that the calls the
 * RT thread makes into it ({@code ParamBlock}, {@code Param}) are followed. The standard
 * nodes apply the same rules in their own module's tests.
 */
class CoreRealTimeSafetyTest {

    private static JavaClasses core;

    @BeforeAll
    static void importClasses() {
        core = new ClassFileImporter().importPackages("org.aetherdsp.core", "org.aetherdsp.api");
    }

    @Test
    void rtPackageAndEngineProcessAreRealTimeSafe() {
        coreRules().check(core);
    }

    @Test
    void theOnlyExceptionsTheRtPathConstructsRejectAShortHostBuffer() {
        // Shows the check above is not vacuous: without the allowance, exactly those throws are
        // found: a short output buffer (Engine.process) and a short input buffer (HostInputs).
        List<String> found = rtCode()
                .asArchRule().evaluate(core).getFailureReport().getDetails();

        assertEquals(2, found.size(), () -> String.join("\n", found));
        List<String> where = List.of(Engine.class.getName() + ".process(float[][], float[][]) line ",
                "org.aetherdsp.core.rt.HostInputs.copyIn(float[][]) line ");
        for (String f : found) {
            assertTrue(where.stream().anyMatch(f::startsWith), f);
            assertTrue(f.endsWith(": constructs an object (new java.lang.IllegalArgumentException(String))"), f);
        }
    }

    private static RealTimeRules.RealTimeCode coreRules() {
        return rtCode().allowingExceptionConstruction();
    }

    private static RealTimeRules.RealTimeCode rtCode() {
        return RealTimeRules.engineCode();
    }
}
