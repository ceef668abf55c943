package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.junit.jupiter.api.Test;

/** Std nodes rendered through the real engine, found by ServiceLoader, measured by analysis. */
class EngineRenderTest {

    private static final int RATE = 48_000;

    @Test
    void renderedSineAt440HzPeaksWithinOneFftBinOf440Hz() {
        Engine engine = Engine.builder().sampleRate(RATE).build();
        long osc = engine.add("std.osc.sine");
        long amp = engine.add("std.gain");
        engine.connect(osc, 0, amp, 0);
        engine.connectOutput(amp, 0, 0);
        engine.setParam(osc, "freq", 440f, 0f);
        int n = 1 << 15;
        float[] out = OfflineRenderer.renderToArrays(engine, n, null)[0];
        int peak = Spectrum.peakBin(out, 1, n / 2);
        double binHz = (double) RATE / n;
        assertEquals(440.0, peak * binHz, binHz, "spectral peak at bin " + peak + " = " + peak * binHz + " Hz");
    }

    @Test
    void gainRampReachesItsTargetExactlyAtTheStatedTime() {
        int start = 64; // the change is sent before the second block
        int rampFrames = 4800; // 100 ms
        float[] ramped = renderSineThroughGain(true);
        float[] plain = renderSineThroughGain(false);
        for (int i = start + rampFrames; i < ramped.length; i++) {
            assertEquals(plain[i], ramped[i], 0f, "gain must be exactly 1 from frame " + (start + rampFrames) + ", frame " + i);
        }
        // Before: the envelope rises linearly (compare where the sine is large, to avoid 0/0).
        for (int i = start; i < start + rampFrames; i++) {
            if (Math.abs(plain[i]) > 0.5f) {
                assertEquals((i - start) / (float) rampFrames, ramped[i] / plain[i], 1e-3f, "envelope at frame " + i);
            }
        }
        assertTrue(Math.abs(ramped[100]) < Math.abs(plain[100]) * 0.05f, "still quiet just after the ramp starts");
    }

    /** Sine into gain; with {@code ramp}, the gain starts at 0 and ramps to 1 over 100 ms from block 1. */
    private static float[] renderSineThroughGain(boolean ramp) {
        Engine engine = Engine.builder().sampleRate(RATE).build();
        long osc = engine.add("std.osc.sine");
        long gain = engine.add("std.gain");
        engine.connect(osc, 0, gain, 0);
        engine.connectOutput(gain, 0, 0);
        engine.setParam(osc, "freq", 1000f, 0f);
        if (ramp) {
            engine.setParam(gain, "gain", 0f, 0f);
        }
        return OfflineRenderer.renderToArrays(engine, 9600, (e, frame) -> {
            if (ramp && frame == 64) { // = start
                e.setParam(gain, "gain", 1f, 100f);
            }
        })[0];
    }
}
