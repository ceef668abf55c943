package org.aetherdsp.lv2;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.io.midi.MidiInput;
import org.aetherdsp.testkit.AllocationProbe;
import org.junit.jupiter.api.Test;

/**
 * Through the engine, on the thread that calls process: an LV2 instrument (mda EPiano) played from
 * MIDI into an LV2 effect (eg-amp) whose gain is automated with setParam ramps, notes on and off
 * every 40 blocks: 100,000 blocks of warm-up, then rounds of 10,000 blocks until three in a row
 * allocate nothing (control side and RT side alike, since one thread does both here).
 */
class Lv2EngineAllocationTest {

    @Test
    void instrumentIntoEffectWithMidiAndAutomationAllocatesNothingOnceWarm() {
        Lv2TestPlugins.host(Lv2TestPlugins.EPIANO, Lv2TestPlugins.AMP);
        try (Engine engine = Engine.builder().sampleRate(48_000).blockSize(64).outputChannels(2).build()) {
            long piano = engine.add("lv2:" + Lv2TestPlugins.EPIANO);
            long amp = engine.add("lv2:" + Lv2TestPlugins.AMP);
            engine.connect(piano, 0, amp, 0);
            engine.connectOutput(amp, 0, 0);
            MidiInput midi = new MidiInput();
            engine.nodeAs(piano, Lv2Instance.class).listen(midi);
            float[][] out = new float[2][64];
            long[] frame = {0};
            Loop.run(engine, amp, midi, out, frame, 100_000);
            long[] seen = AllocationProbe.steadyState(() -> Loop.run(engine, amp, midi, out, frame, 10_000), 3, 12);
            System.out.println("EPiano -> eg-amp with MIDI and automation: bytes per round of 10000 blocks: " + Arrays.toString(seen));
            int zeros = 0;
            for (int r = seen.length - 1; r >= 0 && seen[r] == 0; r--) {
                zeros++;
            }
            assertTrue(zeros >= 3, "allocated in steady state: " + Arrays.toString(seen));
        }
    }

    /** No string constants here (see AllocationProbe): the param id is interned once in a field. */
    private static final class Loop {
        static final String GAIN = "gain";

        static void run(Engine engine, long amp, MidiInput midi, float[][] out, long[] frame, int blocks) {
            for (int b = 0; b < blocks; b++) {
                if (b % 40 == 0) {
                    midi.offer(frame[0] + 7, 0x90, 48 + (b / 40) % 24, 90);
                } else if (b % 40 == 20) {
                    midi.offer(frame[0] + 3, 0x80, 48 + (b / 40) % 24, 0);
                }
                if (b % 16 == 0) {
                    engine.setParam(amp, GAIN, (b / 16) % 2 == 0 ? -12f : -3f, 10f);
                }
                midi.beforeBlock(frame[0], 64);
                engine.process(out);
                frame[0] += 64;
            }
        }
    }
}
