package org.aetherdsp.lv2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aetherdsp.core.engine.Engine;
import org.junit.jupiter.api.Test;

/** A plugin with a latency port (lv2:reportsLatency) reports it, and its output is late by exactly that. */
class Lv2LatencyTest {

    @Test
    void lookaheadLimiterReportsTheLatencyItHas() {
        Lv2TestPlugins.host(Lv2TestPlugins.LIMITER);
        String type = "lv2:" + Lv2TestPlugins.LIMITER;
        try (Engine engine = Engine.builder().sampleRate(48_000).blockSize(64).inputChannels(2).outputChannels(2).build()) {
            long lim = engine.add(type);
            engine.connectInput(0, lim, 0);
            engine.connectInput(1, lim, 1);
            engine.connectOutput(lim, 0, 0);
            engine.connectOutput(lim, 1, 1);
            Lv2Instance control = engine.nodeAs(lim, Lv2Instance.class);
            float[][] in = new float[2][64];
            float[][] out = new float[2][64];
            int blocks = 100;
            float[] heard = new float[64 * blocks];
            int impulseAt = 64 * 10 + 7;
            for (int b = 0; b < blocks; b++) {
                java.util.Arrays.fill(in[0], 0f);
                java.util.Arrays.fill(in[1], 0f);
                if (b == impulseAt / 64) {
                    in[0][impulseAt % 64] = 0.1f; // far below the limit: passes at unity gain
                    in[1][impulseAt % 64] = 0.1f;
                }
                engine.process(in, out);
                System.arraycopy(out[0], 0, heard, b * 64, 64);
            }
            int latency = control.latencyFrames();
            assertTrue(latency > 0, "the limiter reports its look-ahead: " + latency);
            int peak = 0;
            for (int i = 1; i < heard.length; i++) {
                if (Math.abs(heard[i]) > Math.abs(heard[peak])) {
                    peak = i;
                }
            }
            System.out.println("fastLookaheadLimiter reports " + latency + " frames; the impulse came out " + (peak - impulseAt) + " frames late");
            assertEquals(impulseAt + latency, peak, "the impulse comes out late by the reported latency");
            assertEquals(0.1f, heard[peak], 1e-3f);
            assertEquals(control.controlOutput("latency"), (float) latency, 0.5f);
        }
    }
}
