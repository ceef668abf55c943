package com.acme.tremolo;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.aetherdsp.testkit.RealTimeRules;
import org.junit.jupiter.api.Test;

/**
 * The static half of real-time safety: everything our nodes' {@code process}, {@code reset},
 * {@code saveState} and {@code loadState} call is checked for allocation, locks, blocking,
 * logging and I/O.
 */
class AcmeNodesRealTimeRulesTest {

    @Test
    void realTimeMethodsNeitherAllocateNorLockNorBlock() {
        JavaClasses classes = new ClassFileImporter().importPackages("com.acme.tremolo", "org.aetherdsp.api");
        RealTimeRules.nodeRealTimeMethods().check(classes);
    }
}
