package org.aetherdsp.io.midi;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.aetherdsp.io.driver.BlockAdapter;
import org.aetherdsp.io.driver.DriverCounters;
import org.aetherdsp.io.jack.JackDriver;
import org.aetherdsp.io.javasound.JavaSoundDriver;
import org.aetherdsp.testkit.RealTimeRules;
import org.junit.jupiter.api.Test;

/** The testkit's real-time rules over what aether-io runs on a driver's RT thread. */
class IoRealTimeSafetyTest {

    @Test
    void driverCallbacksBlockAdaptationAndMidiOnTheRtThreadAreRealTimeSafe() {
        JavaClasses classes = new ClassFileImporter().importPackages("org.aetherdsp.io", "org.aetherdsp.core", "org.aetherdsp.api");
        RealTimeRules.nodeRealTimeMethods()
                .andMethods(BlockAdapter.class, "render")
                .andMethods(JackDriver.class, "process")
                .andMethods(JavaSoundDriver.class, "toPcm16", "pcm16")
                .andMethods(DriverCounters.class, "callback", "xrun")
                .andMethods(MidiInput.class, "offer", "offerIfRoom", "beforeBlock", "eventCount", "offset", "message", "serial")
                .andMethods(MidiFile.class, "playBlock")
                .andMethods(MidiRing.class, "offer", "isEmpty", "peekFrame", "peekMessage", "remove")
                .andMethods(ControlChanges.class, "route")
                .andMethods(org.aetherdsp.core.engine.ParamEvents.class, "offer")
                .allowingExceptionConstruction()
                .check(classes);
    }
}
