package org.aetherdsp.cli;

import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.aetherdsp.nodes.std.Sequencer;

/**
 * The built-in demo, written to show the standard library off: a minor-key progression
 * (Am, F, C, G at 96 BPM) with
 * <ul>
 *   <li>a <b>pad</b> of detuned band-limited saw pairs (one of each pair per side, which
 *       makes the width) through a ladder filter per side, swept by a slow LFO;</li>
 *   <li>an <b>acid bass</b>: a step sequencer whose pitch output drives a saw's FM input and
 *       whose gate drives an ADSR that opens a resonant ladder filter, then a compressor;</li>
 *   <li><b>plucks</b>: three Karplus-Strong strings playing an eighth-note arpeggio
 *       round-robin, through a stereo chorus and a Freeverb-style reverb;</li>
 *   <li>a master mixer and gain per side that fade in and out.</li>
 * </ul>
 * Everything is driven from the control side, block by block, as an application would:
 * sequencer patterns through the node's {@link Sequencer} interface, everything else with
 * parameter ramps.
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
    /** Bass roots (A2 F2 C3 G2); the bass line plays them an octave lower with octave jumps. */
    static final int[] BASS = {45, 41, 48, 43};
    /** Sixteenth-note bass rhythm: semitone offsets from the root an octave down; -1 is a rest. */
    private static final int[] BASS_LINE = {0, -1, 0, 12, -1, 0, 0, 12, 0, -1, 0, 12, 7, -1, 0, 12};
    /** Indices into the chord (3 = the root an octave up) of the eighth-note arpeggio. */
    private static final int[] ARP = {0, 1, 2, 3, 2, 1, 2, 1};

    private static final float DETUNE_CENTS = 7f;
    private static final float PAD_AMP = 0.09f;
    private static final float MASTER = 0.85f;
    private static final float FADE_IN_MS = 1500f;
    private static final float FADE_OUT_MS = 2500f;
    private static final float GLIDE_MS = 60f;
    private static final float TRIGGER_MS = 3f;

    private final long[][] padSaws = new long[3][2]; // [voice][side]
    private final long[] plucks = new long[3];
    private final long[] pluckGates = new long[3];
    private long sequencer;
    private final long[] masters = new long[2];
    private final double sampleRate;
    private long[] all;

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
        engine.batch(e -> d.wire(e));
        return d;
    }

    private void wire(Engine e) {
        java.util.List<Long> nodes = new java.util.ArrayList<>();
        // Master: one mixer and one fading gain per side.
        long[] masterMix = new long[2];
        for (int side = 0; side < 2; side++) {
            masterMix[side] = add(e, nodes, "std.mix");
            masters[side] = add(e, nodes, "std.gain");
            e.setParam(masters[side], "gain", 0f, 0f);
            e.connect(masterMix[side], 0, masters[side], 0);
            e.connectOutput(masters[side], 0, side);
        }

        // Pad: detuned saws -> per-side mixer -> ladder, both ladders swept by one slow LFO.
        long sweep = add(e, nodes, "std.lfo");
        e.setParam(sweep, "rate", 0.07f, 0f);
        e.setParam(sweep, "depth", 1.2f, 0f); // octaves, into cutoff_mod
        for (int side = 0; side < 2; side++) {
            long mix = add(e, nodes, "std.mix");
            long ladder = add(e, nodes, "std.filter.ladder");
            e.setParam(ladder, "cutoff", 1100f, 0f);
            e.setParam(ladder, "resonance", 0.3f, 0f);
            e.connect(mix, 0, ladder, 0);
            e.connect(sweep, 0, ladder, 1);
            e.connect(ladder, 0, masterMix[side], 0); // in1
            for (int v = 0; v < 3; v++) {
                long saw = add(e, nodes, "std.osc.saw");
                e.setParam(saw, "amp", PAD_AMP, 0f);
                e.setParam(saw, "freq", padFreq(0, v, side), 0f);
                e.connect(saw, 0, mix, v);
                padSaws[v][side] = saw;
            }
        }

        // Acid bass: sequencer pitch -> saw FM; gate -> ADSR -> x3 -> ladder cutoff (octaves).
        sequencer = add(e, nodes, "std.seq");
        e.setParam(sequencer, "bpm", (float) BPM, 0f);
        e.setParam(sequencer, "gate_length", 0.45f, 0f);
        long bassOsc = add(e, nodes, "std.osc.saw");
        e.setParam(bassOsc, "freq", 0.01f, 0f); // the pitch arrives on the fm input, in Hz
        e.setParam(bassOsc, "amp", 0.5f, 0f);
        e.connect(sequencer, 1, bassOsc, 0);
        long env = add(e, nodes, "std.adsr");
        e.setParam(env, "attack", 2f, 0f);
        e.setParam(env, "decay", 140f, 0f);
        e.setParam(env, "sustain", 0.15f, 0f);
        e.setParam(env, "release", 90f, 0f);
        e.connect(sequencer, 0, env, 0);
        long envAmount = add(e, nodes, "std.gain");
        e.setParam(envAmount, "gain", 3.2f, 0f);
        e.connect(env, 0, envAmount, 0);
        long bassFilter = add(e, nodes, "std.filter.ladder");
        e.setParam(bassFilter, "cutoff", 160f, 0f);
        e.setParam(bassFilter, "resonance", 0.62f, 0f);
        e.setParam(bassFilter, "drive", 6f, 0f);
        e.connect(bassOsc, 0, bassFilter, 0);
        e.connect(envAmount, 0, bassFilter, 1);
        long comp = add(e, nodes, "std.compressor");
        e.setParam(comp, "threshold", -18f, 0f);
        e.setParam(comp, "ratio", 4f, 0f);
        e.setParam(comp, "makeup", 6f, 0f);
        e.connect(bassFilter, 0, comp, 0);
        for (int side = 0; side < 2; side++) {
            e.connect(comp, 0, masterMix[side], 1); // in2
        }

        // Plucks: three strings, each triggered by an LFO used as a gate (depth 0, offset 0/1),
        // summed, then a stereo chorus and a reverb.
        long pluckMix = add(e, nodes, "std.mix");
        for (int k = 0; k < plucks.length; k++) {
            pluckGates[k] = add(e, nodes, "std.lfo");
            e.setParam(pluckGates[k], "depth", 0f, 0f);
            plucks[k] = add(e, nodes, "std.karplus");
            e.setParam(plucks[k], "decay", 1.6f, 0f);
            e.setParam(plucks[k], "brightness", 0.55f, 0f);
            e.setParam(plucks[k], "amp", 0.32f, 0f);
            e.setParam(plucks[k], "seed", k + 1f, 0f);
            e.connect(pluckGates[k], 0, plucks[k], 0);
            e.connect(plucks[k], 0, pluckMix, k);
        }
        long chorus = add(e, nodes, "std.chorus");
        e.setParam(chorus, "rate", 0.4f, 0f);
        e.setParam(chorus, "depth", 3f, 0f);
        e.setParam(chorus, "mix", 0.6f, 0f);
        e.connect(pluckMix, 0, chorus, 0);
        long reverb = add(e, nodes, "std.reverb");
        e.setParam(reverb, "room", 0.78f, 0f);
        e.setParam(reverb, "damp", 0.45f, 0f);
        e.setParam(reverb, "mix", 1f, 0f);
        e.connect(pluckMix, 0, reverb, 0);
        for (int side = 0; side < 2; side++) {
            e.connect(chorus, side, masterMix[side], 2);  // in3
            e.connect(reverb, side, masterMix[side], 3);  // in4
            e.setParam(masterMix[side], "gain4", 0.45f, 0f);
        }
        all = nodes.stream().mapToLong(Long::longValue).toArray();
    }

    private static long add(Engine e, java.util.List<Long> nodes, String type) {
        long h = e.add(type);
        nodes.add(h);
        return h;
    }

    /**
     * The score: call before each block (e.g. from {@link OfflineRenderer}), on the control
     * side. Loads each bar's bass pattern a sixteenth before the bar, glides the pad into each
     * chord, plucks a string on every eighth note, and fades the master in and out.
     *
     * @param totalFrames the length of the render, to place the fade-out
     * @return the listener
     */
    public OfflineRenderer.BlockListener automation(long totalFrames) {
        long fadeOutAt = Math.max(0, totalFrames - msToFrames(FADE_OUT_MS));
        long[] nextEighth = {0};
        int[] eighthIndex = {0};
        long[] nextPattern = {0};
        int[] patternBar = {0};
        boolean[] fadingOut = {false};
        long[] releaseAt = new long[plucks.length];
        java.util.Arrays.fill(releaseAt, Long.MAX_VALUE);
        float[] hz = new float[16];
        boolean[] gates = new boolean[16];
        return (engine, frame) -> {
            if (frame == 0) {
                for (long m : masters) {
                    engine.setParam(m, "gain", MASTER, FADE_IN_MS);
                }
            }
            if (frame >= nextPattern[0]) { // the sequencer switches patterns at its next step
                loadBassPattern(engine, patternBar[0] % CHORDS.length, hz, gates);
                patternBar[0]++;
                nextPattern[0] = Math.round((patternBar[0] * BAR_SECONDS - BAR_SECONDS / 32) * sampleRate);
            }
            for (int k = 0; k < plucks.length; k++) {
                if (frame >= releaseAt[k]) {
                    engine.setParam(pluckGates[k], "offset", 0f, 0f);
                    releaseAt[k] = Long.MAX_VALUE;
                }
            }
            if (frame >= nextEighth[0]) {
                int i = eighthIndex[0]++;
                int bar = (i / 8) % CHORDS.length;
                if (i % 8 == 0) {
                    changeChord(engine, bar);
                }
                int tone = ARP[i % 8];
                int note = (tone == 3 ? CHORDS[bar][0] + 12 : CHORDS[bar][tone]) + 12;
                int k = i % plucks.length;
                engine.setParam(plucks[k], "freq", midiToHz(note), 0f);
                engine.setParam(pluckGates[k], "offset", 1f, 0f); // rising edge: pluck
                releaseAt[k] = frame + msToFrames(TRIGGER_MS);
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

    private void loadBassPattern(Engine engine, int bar, float[] hz, boolean[] gates) {
        for (int s = 0; s < 16; s++) {
            gates[s] = BASS_LINE[s] >= 0;
            hz[s] = midiToHz(BASS[bar] - 12 + Math.max(0, BASS_LINE[s]));
        }
        engine.nodeAs(sequencer, Sequencer.class).setPattern(hz, gates);
    }

    private void changeChord(Engine engine, int bar) {
        for (int v = 0; v < 3; v++) {
            for (int side = 0; side < 2; side++) {
                engine.setParam(padSaws[v][side], "freq", padFreq(bar, v, side), GLIDE_MS);
            }
        }
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
        return all.clone();
    }
}
