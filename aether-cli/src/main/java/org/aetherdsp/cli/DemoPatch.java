package org.aetherdsp.cli;

import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;

/**
 * The built-in demo: a minor-key chord progression (Am, F, C, G at 96 BPM) played by
 * pairs of detuned saws (one of each pair per stereo side, which makes the width), a sine
 * bass, and a plucked sine arpeggio in eighth notes, all summed by two mixers into a
 * master gain per side that fades in and out. Chords glide into each other with a short
 * portamento. Everything is driven with parameter ramps from the control side, block by
 * block, as an application would.
 */
public final class DemoPatch {

    /** Tempo of the demo. */
    public static final double BPM = 96;
    private static final double BEAT_SECONDS = 60.0 / BPM;
    private static final double BAR_SECONDS = 4 * BEAT_SECONDS;
    private static final double EIGHTH_SECONDS = BEAT_SECONDS / 2;

    /** Chord tones (MIDI notes) of each bar, close voicings for smooth voice leading. */
    private static final int[][] CHORDS = {
        {57, 60, 64}, // Am: A3 C4 E4
        {57, 60, 65}, // F:  A3 C4 F4
        {55, 60, 64}, // C:  G3 C4 E4
        {55, 59, 62}, // G:  G3 B3 D4
    };
    private static final int[] BASS = {45, 41, 48, 43}; // A2 F2 C3 G2
    /** Indices into the chord (plus 3 = the root an octave up) of the eighth-note arpeggio. */
    private static final int[] ARP = {0, 1, 2, 3, 2, 1, 2, 1};

    private static final float DETUNE_CENTS = 7f;
    private static final float PAD_AMP = 0.11f;
    private static final float BASS_AMP = 0.32f;
    private static final float ARP_PEAK = 0.16f;
    private static final float MASTER = 0.9f;
    private static final float FADE_IN_MS = 1500f;
    private static final float FADE_OUT_MS = 2000f;
    private static final float GLIDE_MS = 60f;
    private static final float ATTACK_MS = 6f;

    private final long[][] padSaws = new long[3][2]; // [voice][side]
    private long bass;
    private long arp;
    private final long[] mixers = new long[2];
    private final long[] masters = new long[2];
    private final double sampleRate;

    private DemoPatch(double sampleRate) {
        this.sampleRate = sampleRate;
    }

    /**
     * Adds the demo's nodes to an engine with at least two output channels (in one batch).
     *
     * @param engine the engine
     * @return the patch, whose {@link #automation} plays it
     */
    public static DemoPatch build(Engine engine) {
        if (engine.outputChannels() < 2) {
            throw new IllegalArgumentException("the demo is stereo; the engine has " + engine.outputChannels() + " channel");
        }
        DemoPatch d = new DemoPatch(engine.sampleRate());
        engine.batch(e -> {
            for (int side = 0; side < 2; side++) {
                d.mixers[side] = e.add("std.mix");
                d.masters[side] = e.add("std.gain");
                e.setParam(d.masters[side], "gain", 0f, 0f);
                e.connect(d.mixers[side], 0, d.masters[side], 0);
                e.connectOutput(d.masters[side], 0, side);
            }
            for (int v = 0; v < 3; v++) {
                for (int side = 0; side < 2; side++) {
                    long saw = e.add("std.osc.saw");
                    e.setParam(saw, "amp", PAD_AMP, 0f);
                    e.setParam(saw, "freq", d.padFreq(0, v, side), 0f);
                    e.connect(saw, 0, d.mixers[side], v); // mixer inputs in1..in3
                    d.padSaws[v][side] = saw;
                }
            }
            d.bass = e.add("std.osc.sine");
            e.setParam(d.bass, "amp", BASS_AMP, 0f);
            e.setParam(d.bass, "freq", midiToHz(BASS[0]), 0f);
            d.arp = e.add("std.osc.sine");
            e.setParam(d.arp, "amp", 0f, 0f);
            for (int side = 0; side < 2; side++) {
                e.connect(d.bass, 0, d.mixers[side], 3); // in4
                e.connect(d.arp, 0, d.mixers[side], 4);  // in5
            }
        });
        return d;
    }

    /**
     * The score: call before each block (e.g. from {@link OfflineRenderer}), on the control
     * side. Sends glides at chord changes, plucks on every eighth note, and the master fades.
     *
     * @param totalFrames the length of the render, to place the fade-out
     * @return the listener
     */
    public OfflineRenderer.BlockListener automation(long totalFrames) {
        long fadeOutAt = Math.max(0, totalFrames - msToFrames(FADE_OUT_MS));
        long[] nextEighth = {0};
        int[] eighthIndex = {0};
        boolean[] fadingOut = {false};
        long[] releaseAt = {Long.MAX_VALUE};
        return (engine, frame) -> {
            if (frame == 0) {
                for (long m : masters) {
                    engine.setParam(m, "gain", MASTER, FADE_IN_MS);
                }
            }
            if (frame >= releaseAt[0]) { // pluck decay: silent again before the next note changes pitch
                engine.setParam(arp, "amp", 0f, (float) (EIGHTH_SECONDS * 1000 * 0.85) - ATTACK_MS);
                releaseAt[0] = Long.MAX_VALUE;
            }
            if (frame >= nextEighth[0]) {
                int i = eighthIndex[0]++;
                int bar = (i / 8) % CHORDS.length;
                if (i % 8 == 0) {
                    changeChord(engine, bar);
                }
                int tone = ARP[i % 8];
                int note = (tone == 3 ? CHORDS[bar][0] + 12 : CHORDS[bar][tone]) + 12;
                engine.setParam(arp, "freq", midiToHz(note), 0f);
                engine.setParam(arp, "amp", ARP_PEAK, ATTACK_MS);
                releaseAt[0] = frame + msToFrames(ATTACK_MS);
                nextEighth[0] = Math.round((i + 1) * EIGHTH_SECONDS * sampleRate);
            }
            if (!fadingOut[0] && frame >= fadeOutAt && frame > 0) {
                fadingOut[0] = true;
                for (long m : masters) {
                    engine.setParam(m, "gain", 0f, FADE_OUT_MS);
                }
            }
        };
    }

    private void changeChord(Engine engine, int bar) {
        for (int v = 0; v < 3; v++) {
            for (int side = 0; side < 2; side++) {
                engine.setParam(padSaws[v][side], "freq", padFreq(bar, v, side), GLIDE_MS);
            }
        }
        engine.setParam(bass, "freq", midiToHz(BASS[bar]), GLIDE_MS);
    }

    private float padFreq(int bar, int voice, int side) {
        float cents = side == 0 ? -DETUNE_CENTS : DETUNE_CENTS;
        return (float) (midiToHz(CHORDS[bar][voice]) * Math.pow(2, cents / 1200.0));
    }

    private long msToFrames(float ms) {
        return Math.round(ms * sampleRate / 1000.0);
    }

    /** @return the length of one bar in seconds */
    public static double barSeconds() {
        return BAR_SECONDS;
    }

    /**
     * @param note MIDI note number (69 = A4 = 440 Hz)
     * @return its frequency in Hz, equal temperament
     */
    static float midiToHz(int note) {
        return (float) (440.0 * Math.pow(2, (note - 69) / 12.0));
    }

    /** @return the handles of every node in the patch (for tests and automation) */
    public long[] nodes() {
        return new long[] {padSaws[0][0], padSaws[0][1], padSaws[1][0], padSaws[1][1], padSaws[2][0], padSaws[2][1],
            bass, arp, mixers[0], mixers[1], masters[0], masters[1]};
    }
}
