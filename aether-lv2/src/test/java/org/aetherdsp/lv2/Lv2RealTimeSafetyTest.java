package org.aetherdsp.lv2;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.aetherdsp.testkit.RealTimeRules;
import org.junit.jupiter.api.Test;

/**
 * The testkit's real-time rules over the LV2 node's RT methods (process, reset, saveState,
 * loadState and everything they call, the JNI run included): no allocation, lock, I/O or logging.
 * The native side is checked by its own design (aether_lv2.c) and by the allocation test.
 */
class Lv2RealTimeSafetyTest {

    @Test
    void lv2NodeRealTimeMethodsAreRealTimeSafe() {
        JavaClasses classes = new ClassFileImporter().importPackages("org.aetherdsp.lv2", "org.aetherdsp.io.midi", "org.aetherdsp.api");
        RealTimeRules.nodeRealTimeMethods().allowingExceptionConstruction().check(classes);
    }
}
