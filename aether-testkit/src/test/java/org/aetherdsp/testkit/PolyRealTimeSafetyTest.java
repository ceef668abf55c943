package org.aetherdsp.testkit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.aetherdsp.core.poly.VoiceAllocator;
import org.junit.jupiter.api.Test;

/**
 * What the RT thread runs of polyphonic voices: the allocator's per-block methods (fed before
 * each block from MIDI) and the poly node types' {@code process}, under the real-time rules.
 */
class PolyRealTimeSafetyTest {

    @Test
    void theAllocatorsBlockMethodsAndThePolyNodesAreRealTimeSafe() {
        JavaClasses classes = new ClassFileImporter().importPackages("org.aetherdsp.core.poly", "org.aetherdsp.api");
        RealTimeRules.realTimeCode()
                .andMethods(VoiceAllocator.class, "beginBlock", "message", "endBlock", "noteOn", "noteOff",
                        "controlChange", "pitchBend", "reportLevel", "idle", "events")
                .andNodeProcessMethods()
                .check(classes);
    }
}
