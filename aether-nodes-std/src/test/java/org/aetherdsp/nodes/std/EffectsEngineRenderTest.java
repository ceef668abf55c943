package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.junit.jupiter.api.Test;

/** The effects found by ServiceLoader and rendered through the real engine, as a patch would use them. */
class EffectsEngineRenderTest {

    private static final int RATE = 48_000;

    @Test
    void sineThroughWaveshaperCompressorChorusAndReverbRendersFiniteStereo() {
        Engine engine = Engine.builder().sampleRate(RATE).outputChannels(2).build();
        long osc = engine.add("std.osc.saw");
        long shaper = engine.add(Waveshaper.TYPE_ID);
        long comp = engine.add(Compressor.TYPE_ID);
        long delay = engine.add(Delay.TYPE_ID);
        long chorus = engine.add(Chorus.TYPE_ID);
        long grains = engine.add(Granular.TYPE_ID);
        long reverb = engine.add(Reverb.TYPE_ID);
        long mix = engine.add("std.mix");
        engine.connect(osc, 0, shaper, 0);
        engine.connect(shaper, 0, comp, 0);
        engine.connect(comp, 0, delay, 0);
        engine.connect(delay, 0, chorus, 0);
        engine.connect(chorus, 0, grains, 0);
        engine.connect(grains, 0, reverb, 0);
        engine.connect(chorus, 1, mix, 0);
        engine.connect(reverb, 1, mix, 1);
        engine.connectOutput(reverb, 0, 0);
        engine.connectOutput(mix, 0, 1);
        engine.setParam(osc, "freq", 110f, 0f);
        engine.setParam(osc, "amp", 0.5f, 0f);
        engine.setParam(shaper, "drive", 18f, 0f);
        float[][] out = OfflineRenderer.renderToArrays(engine, 2 * RATE, null);
        assertEquals(2, out.length);
        double[] energy = new double[2];
        for (int c = 0; c < 2; c++) {
            for (float v : out[c]) {
                assertTrue(Float.isFinite(v));
                energy[c] += v * v;
            }
            assertTrue(energy[c] > 1.0, "channel " + c + " is nearly silent: " + energy[c]);
        }
        assertTrue(engine.drainFaults().isEmpty(), "no node faulted");
    }
}
