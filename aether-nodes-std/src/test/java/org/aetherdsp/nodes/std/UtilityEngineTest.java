package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.junit.jupiter.api.Test;

/** The control-side surfaces as an application reaches them: {@code engine.nodeAs(handle, Interface.class)}. */
class UtilityEngineTest {

    private static final int RATE = 48_000;

    @Test
    void meterReachedThroughNodeAsReadsTheLevelsOfTheRenderedSine() {
        Engine engine = Engine.builder().sampleRate(RATE).build();
        long osc = engine.add(SineOscillator.TYPE_ID);
        long meter = engine.add(LevelMeter.TYPE_ID);
        engine.connect(osc, 0, meter, 0);
        engine.connectOutput(meter, 0, 0);
        engine.setParam(osc, "freq", 1000f, 0f);
        engine.setParam(osc, "amp", 0.5f, 0f);
        OfflineRenderer.renderToArrays(engine, RATE, null);
        Meter m = engine.nodeAs(meter, Meter.class);
        System.out.println("std.meter in the engine: peak " + m.peak() + ", rms " + m.rms() + " (" + m.rmsDb() + " dBFS)");
        assertEquals(0.5, m.peak(), 1e-4);
        assertEquals(0.5 / Math.sqrt(2), m.rms(), 1e-4);
    }

    @Test
    void recorderDrainedThroughNodeAsHoldsExactlyWhatWasRendered() {
        Engine engine = Engine.builder().sampleRate(RATE).build();
        long osc = engine.add(SawOscillator.TYPE_ID);
        long pan = engine.add(Pan.TYPE_ID);
        long rec = engine.add(StereoRecorder.TYPE_ID);
        engine.connect(osc, 0, pan, 0);
        engine.connect(pan, Pan.LEFT, rec, StereoRecorder.LEFT);
        engine.connect(pan, Pan.RIGHT, rec, StereoRecorder.RIGHT);
        engine.connectOutput(rec, StereoRecorder.LEFT, 0);
        engine.connectOutput(rec, StereoRecorder.RIGHT, 1);
        engine.setParam(pan, "pan", 0.3f, 0f);
        float[][] rendered = OfflineRenderer.renderToArrays(engine, RATE / 2, null);

        Recorder recorder = engine.nodeAs(rec, Recorder.class);
        float[][] drained = new float[2][RATE];
        int n = recorder.drain(drained, RATE);
        assertEquals(RATE / 2, n);
        for (int i = 0; i < n; i++) {
            assertEquals(rendered[0][i], drained[0][i], 0f, "left frame " + i);
            assertEquals(rendered[1][i], drained[1][i], 0f, "right frame " + i);
        }
        assertEquals(0L, recorder.dropped());
    }

    @Test
    void sequencerGatesTriggerASamplerOnExactStepFrames() {
        // 120 bpm: a step is 6000 frames. Steps 0, 2, 3 play; step 1 rests. The table is a
        // 100-frame click of 1.0, so each note is exactly frames [start, start + 100).
        Engine engine = Engine.builder().sampleRate(RATE).build();
        long seq = engine.add(StepSequencer.TYPE_ID);
        long sampler = engine.add(SamplePlayer.TYPE_ID);
        engine.connect(seq, StepSequencer.OUT_GATE, sampler, SamplePlayer.IN_TRIGGER);
        engine.connectOutput(sampler, 0, 0);
        engine.setParam(seq, "steps", 4f, 0f);
        engine.nodeAs(seq, Sequencer.class).setPattern(new float[] {440f, 440f, 440f, 440f},
                new boolean[] {true, false, true, true});
        float[] click = new float[100];
        Arrays.fill(click, 1f);
        engine.nodeAs(sampler, Sampler.class).load(click, RATE);

        float[] out = OfflineRenderer.renderToArrays(engine, 8 * 6000, null)[0];
        boolean[] plays = {true, false, true, true};
        for (int f = 0; f < out.length; f++) {
            int step = f / 6000;
            boolean sounding = plays[step % 4] && f % 6000 < 100;
            assertEquals(sounding ? 1f : 0f, out[f], 0f, "frame " + f + " (step " + step + ")");
        }
    }
}
