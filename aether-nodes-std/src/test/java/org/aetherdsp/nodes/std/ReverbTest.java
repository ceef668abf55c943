package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.core.param.SmoothedParams;
import org.junit.jupiter.api.Test;

class ReverbTest {

    private static final int SR = (int) NodeUnderTest.SAMPLE_RATE;

    /** {left, right} response to a unit impulse, wet only. */
    private static float[][] impulseResponse(NodeUnderTest n, double seconds) {
        int blocks = (int) Math.ceil(seconds * SR / NodeUnderTest.BLOCK);
        float[][] y = new float[2][blocks * NodeUnderTest.BLOCK];
        float[] in = n.input("in");
        for (int b = 0; b < blocks; b++) {
            in[0] = b == 0 ? 1f : 0f;
            n.processBlock();
            for (int c = 0; c < 2; c++) {
                System.arraycopy(n.outputs[c], 0, y[c], b * NodeUnderTest.BLOCK, NodeUnderTest.BLOCK);
            }
        }
        return y;
    }

    private static NodeUnderTest wet(float room, float damp) {
        return NodeUnderTest.of(Reverb.TYPE_ID).set("room", room).set("damp", damp).set("mix", 1f);
    }

    @Test
    void impulseResponseEnergyFallsInEverySuccessive100MsWindow() {
        float[][] y = impulseResponse(wet(0.5f, 0.5f), 2.0);
        int window = SR / 10;
        double[] energy = new double[20];
        for (int w = 0; w < energy.length; w++) {
            for (int i = w * window; i < (w + 1) * window; i++) {
                energy[w] += y[0][i] * y[0][i] + y[1][i] * y[1][i];
            }
        }
        StringBuilder db = new StringBuilder();
        for (int w = 1; w < energy.length; w++) {
            db.append(String.format(" %.1f", 10 * Math.log10(energy[w] / energy[w - 1])));
        }
        System.out.println("std.reverb room 0.5 damp 0.5: energy change per successive 100 ms window (dB):" + db);
        // Window 0 holds the build-up (the first echo arrives after 25 ms); from there on every window has less.
        for (int w = 1; w < energy.length; w++) {
            assertTrue(energy[w] < energy[w - 1], "window " + w + " has more energy than window " + (w - 1));
        }
    }

    /** RT60 from the Schroeder backward integral of both channels, extrapolated from its -5..-35 dB span. */
    private static double rt60(float[][] y) {
        int n = y[0].length;
        double[] edc = new double[n];
        double sum = 0.0;
        for (int i = n - 1; i >= 0; i--) {
            sum += y[0][i] * y[0][i] + y[1][i] * y[1][i];
            edc[i] = sum;
        }
        int at5 = -1;
        int at35 = -1;
        for (int i = 0; i < n; i++) {
            double db = 10 * Math.log10(edc[i] / edc[0]);
            if (at5 < 0 && db <= -5) {
                at5 = i;
            }
            if (db <= -35) {
                at35 = i;
                break;
            }
        }
        assertTrue(at35 > 0, "the response did not fall by 35 dB");
        return 2.0 * (at35 - at5) / SR;
    }

    @Test
    void rt60GrowsWithRoomAndMatchesTheCombFeedbackWithoutDamping() {
        float[] rooms = {0.25f, 0.5f, 0.75f, 1f};
        double previous = 0.0;
        for (float room : rooms) {
            double seconds = 3.0 + 14.0 * room * room;
            double measured = rt60(impulseResponse(wet(room, 0f), seconds));
            // Undamped, each comb loses 20 log10(g) dB per pass of its loop; average the 16 combs' RT60.
            double g = 0.7 + 0.28 * room;
            double theory = 0.0;
            for (int m : new int[] {1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617}) {
                theory += -3.0 * (m / 44_100.0) / Math.log10(g) / 16;
                theory += -3.0 * ((m + 23) / 44_100.0) / Math.log10(g) / 16;
            }
            double damped = rt60(impulseResponse(wet(room, 1f), seconds));
            System.out.printf("std.reverb room %.2f: RT60 %.3f s undamped (mean comb RT60 %.3f s), %.3f s at damp 1%n",
                    room, measured, theory, damped);
            assertTrue(measured > previous, "RT60 did not grow with room");
            assertEquals(theory, measured, 0.15 * theory, "undamped RT60");
            assertTrue(damped < measured, "damping shortens the tail");
            previous = measured;
        }
    }

    @Test
    void leftAndRightResponsesDifferAndWidthZeroMakesThemEqual() {
        float[][] y = impulseResponse(wet(0.5f, 0.5f), 1.0);
        double lr = 0.0;
        double ll = 0.0;
        double rr = 0.0;
        for (int i = 0; i < y[0].length; i++) {
            lr += y[0][i] * y[1][i];
            ll += y[0][i] * y[0][i];
            rr += y[1][i] * y[1][i];
        }
        double correlation = lr / Math.sqrt(ll * rr);
        System.out.printf("std.reverb width 1: left/right impulse response correlation %.4f%n", correlation);
        assertTrue(Math.abs(correlation) < 0.2, "correlation " + correlation);

        float[][] mono = impulseResponse(wet(0.5f, 0.5f).set("width", 0f), 1.0);
        assertArrayEquals(mono[0], mono[1]);
    }

    @Test
    void firstEchoArrivesAtFreeverbsShortestCombDelayAtAnySampleRate() {
        for (float rate : new float[] {44_100f, 48_000f, 96_000f}) {
            ProcessContext ctx = ProcessContext.of(rate, 64, 0);
            DspNode node = new Reverb();
            node.prepare(ctx);
            SmoothedParams params = new SmoothedParams(Reverb.DESCRIPTOR);
            params.get(Reverb.P_MIX).setTarget(1f, 0);
            float[][] in = new float[1][64];
            float[][] out = new float[2][64];
            int first = -1;
            for (int b = 0; b < 100 && first < 0; b++) {
                in[0][0] = b == 0 ? 1f : 0f;
                node.process(in, out, params, ctx);
                for (int i = 0; i < 64 && first < 0; i++) {
                    if (out[0][i] != 0f) {
                        first = b * 64 + i;
                    }
                }
            }
            double ms = 1000.0 * first / rate;
            System.out.printf("std.reverb at %.0f Hz: first echo after %d samples = %.3f ms (Freeverb: 1116 / 44.1 kHz = %.3f ms)%n",
                    rate, first, ms, 1000.0 * 1116 / 44_100.0);
            assertEquals(1000.0 * 1116 / 44_100.0, ms, 1000.0 / rate);
        }
    }

    @Test
    void maximumRoomFedFullScaleNoiseFor60SecondsStaysFiniteAndBounded() {
        for (float damp : new float[] {0f, 1f}) {
            NodeUnderTest n = wet(1f, damp);
            EffectStability.NoiseRun run = EffectStability.fullScaleNoise(n, 60.0, 3);
            System.out.println("std.reverb room 1, damp " + damp + ", 60 s noise: " + run);
            // Wet gain 3 and Freeverb's allpasses (out = buf - in: gain 1..1.67 each, not unity)
            // make the undamped tail loud, about 4 RMS; what matters is that it stops growing.
            assertTrue(run.peak() < 50.0, "peak " + run.peak());
            assertTrue(run.lastTenthGrowth() < 1.1, run.toString());
        }
    }

    @Test
    void impulseThen30SecondsOfSilenceNeverHoldsASubnormal() {
        // Room 0 decays below the normal range within seconds; room 1 keeps the longest tail.
        for (float room : new float[] {0f, 1f}) {
            float damp = 1f - room;
            EffectStability.SilenceRun run = EffectStability.impulseThenSilence(wet(room, damp), 30.0);
            System.out.println("std.reverb room " + room + ", damp " + damp + ", impulse + 30 s silence: no subnormal in "
                    + run.outputSamples() + " output samples and " + run.stateChecks() + " state scans ("
                    + run.stateValues() + " values)");
        }
    }
}
