package org.aetherdsp.lv2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.FaultReport;
import org.junit.jupiter.api.Test;

/** LV2 plugins in an engine, measured against what their documentation says they compute. */
class Lv2ProcessTest {

    private static final String AMP = "lv2:" + Lv2TestPlugins.AMP;
    private static final String DELAY = "lv2:" + Lv2TestPlugins.DELAY;

    /** eg-amp's documented formula: out = in * 10^(gain / 20), and 0 at -90 dB or below. */
    private static float amp(float in, float gainDb) {
        return gainDb > -90f ? in * (float) Math.pow(10.0, gainDb * 0.05) : 0f;
    }

    private static Engine effect(String type) {
        return Engine.builder().sampleRate(48_000).blockSize(64).inputChannels(1).outputChannels(1).build();
    }

    private static float[][] sineBlock(int block, int n) {
        float[][] in = new float[1][n];
        for (int i = 0; i < n; i++) {
            in[0][i] = (float) (0.5 * Math.sin(2 * Math.PI * 441 * (block * n + i) / 48_000.0));
        }
        return in;
    }

    @Test
    void ampOutputEqualsItsFormula() {
        Lv2TestPlugins.host(Lv2TestPlugins.AMP);
        for (float gain : new float[] {0f, -6f, 12f, -40f, -90f}) {
            try (Engine engine = effect(AMP)) {
                long amp = engine.add(AMP);
                engine.connectInput(0, amp, 0);
                engine.connectOutput(amp, 0, 0);
                engine.setParam(amp, "gain", gain, 0f);
                float[][] out = new float[1][64];
                for (int b = 0; b < 20; b++) {
                    float[][] in = sineBlock(b, 64);
                    engine.process(in, out);
                    for (int i = 0; i < 64; i++) {
                        float want = amp(in[0][i], gain);
                        assertEquals(want, out[0][i], Math.abs(want) * 2e-7f, "gain " + gain + " dB, block " + b + " frame " + i);
                    }
                }
            }
        }
    }

    @Test
    void delayShiftsByItsDelayTime() {
        Lv2TestPlugins.host(Lv2TestPlugins.DELAY);
        try (Engine engine = effect(DELAY)) {
            long d = engine.add(DELAY);
            engine.connectInput(0, d, 0);
            engine.connectOutput(d, 0, 0);
            engine.setParam(d, "delay_time", 0.01f, 0f); // 480 frames at 48 kHz
            float[][] in = new float[1][64];
            float[][] out = new float[1][64];
            float[] heard = new float[64 * 20];
            for (int b = 0; b < 20; b++) {
                java.util.Arrays.fill(in[0], 0f);
                if (b == 2) {
                    in[0][5] = 1f; // impulse at frame 133
                    in[0][6] = -0.5f;
                }
                engine.process(in, out);
                System.arraycopy(out[0], 0, heard, b * 64, 64);
            }
            for (int i = 0; i < heard.length; i++) {
                float want = i == 133 + 480 ? 1f : i == 134 + 480 ? -0.5f : 0f;
                assertEquals(want, heard[i], 0f, "frame " + i);
            }
        }
    }

    /** A ramp on a control port reaches the plugin as it reaches a standard node: in steps of the smoothing chunk, landing on the target. */
    @Test
    void gainRampOnAControlPortFollowsTheParamSmoothing() {
        Lv2TestPlugins.host(Lv2TestPlugins.AMP);
        try (Engine engine = effect(AMP)) {
            long amp = engine.add(AMP);
            engine.connectInput(0, amp, 0);
            engine.connectOutput(amp, 0, 0);
            float[][] in = new float[1][64];
            java.util.Arrays.fill(in[0], 1f);
            float[][] out = new float[1][64];
            engine.process(in, out);
            assertEquals(1f, out[0][63], 0f);
            engine.setParam(amp, "gain", -20f, 4f); // 192 frames: 3 blocks
            List<Float> seen = new java.util.ArrayList<>();
            for (int b = 0; b < 5; b++) {
                engine.process(in, out);
                for (int i = 0; i < 64; i++) {
                    seen.add(out[0][i]);
                }
            }
            // The smoothed value at frame f of the ramp is -20 * f / 192 dB; each chunk plays its first frame's value.
            for (int f = 0; f < seen.size(); f++) {
                int chunkStart = f - f % Lv2Node.SMOOTH_CHUNK;
                float db = chunkStart >= 192 ? -20f : -20f * chunkStart / 192f;
                assertEquals(amp(1f, db), seen.get(f), 2e-6f, "frame " + f + " of the ramp");
            }
            assertEquals(-20f, engine.getParamTarget(amp, "gain"), 0f);
            assertTrue(seen.get(100) < seen.get(50) && seen.get(50) < seen.get(0), "the gain falls along the ramp");
        }
    }

    /** A plugin that writes NaN is bypassed (silent), and the fault names it. */
    @Test
    void nanOutputIsBypassedWithAFaultReportNamingThePlugin() {
        Lv2TestPlugins.host(Lv2TestPlugins.AMP);
        try (Engine engine = effect(AMP)) {
            long amp = engine.add(AMP);
            long other = engine.add("std.gain");
            engine.connectInput(0, amp, 0);
            engine.connectInput(0, other, 0);
            engine.connectOutput(amp, 0, 0);
            engine.connectOutput(other, 0, 0);
            float[][] in = new float[1][64];
            float[][] out = new float[1][64];
            java.util.Arrays.fill(in[0], 0.25f);
            engine.process(in, out);
            assertEquals(0.5f, out[0][0], 1e-6f);
            in[0][10] = Float.NaN; // eg-amp multiplies it through
            engine.process(in, out);
            in[0][10] = 0.25f;
            engine.process(in, out);
            assertEquals(0.25f, out[0][0], 1e-6f, "the LV2 node is bypassed, the other keeps playing");
            List<FaultReport> faults = engine.drainFaults();
            assertEquals(1, faults.size(), faults.toString());
            assertEquals(AMP, faults.get(0).typeId());
            assertTrue(faults.get(0).exception() instanceof Lv2FaultException, faults.toString());
            assertTrue(faults.get(0).exception().getMessage().contains("<" + Lv2TestPlugins.AMP + "> wrote NaN"), faults.toString());
        }
    }

    /**
     * Bounded block length: the plugin was promised blocks of at most the prepared size, so a longer
     * block is refused with a fault naming it, and a shorter one runs (the same formula).
     */
    @Test
    void blocksAreBoundedByThePreparedMaximum() {
        Lv2Host host = Lv2TestPlugins.host(Lv2TestPlugins.AMP);
        Lv2Node node = host.create(Lv2TestPlugins.AMP);
        node.prepare(org.aetherdsp.api.ProcessContext.of(48_000f, 64, 0));
        org.aetherdsp.core.param.SmoothedParams params = new org.aetherdsp.core.param.SmoothedParams(node.layout().descriptor);
        params.get(0).setTarget(-6f, 0);
        float[][] in = {new float[128]};
        float[][] out = {new float[128]};
        java.util.Arrays.fill(in[0], 0.5f);
        Lv2FaultException e = org.junit.jupiter.api.Assertions.assertThrows(Lv2FaultException.class,
                () -> node.process(in, out, params, org.aetherdsp.api.ProcessContext.of(48_000f, 128, 0)));
        assertTrue(e.getMessage().contains("<" + Lv2TestPlugins.AMP + ">: a block longer than the maximum"), e.getMessage());
        node.process(in, out, params, org.aetherdsp.api.ProcessContext.of(48_000f, 17, 0));
        for (int i = 0; i < 17; i++) {
            assertEquals(amp(0.5f, -6f), out[0][i], 1e-7f);
        }
    }
}
