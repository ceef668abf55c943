package org.aetherdsp.cli;

import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;

/**
 * The default patch of {@code aether bench}: a mixing desk of many parallel channel strips,
 * the shape that makes a real patch wide rather than deep.
 *
 * <p>Each strip is a source (saw, square, triangle, sine or noise, in turn), a filter (ladder
 * or state-variable, each with its own LFO on the cutoff, or a biquad or formant filter), a
 * waveshaper on every fourth strip and a gain on the others, and an equal-power pan. The
 * strips are summed per side by group mixers of eight, then a master mixer per side; a send
 * bus feeds a delay, a chorus and a reverb whose returns join the masters, and each side ends
 * in a compressor. The score retunes one strip's oscillator and sweeps its filter every
 * sixteenth note, from the control side, as an application would.
 */
final class WidePatch {

    private static final String[] SOURCES = {"std.osc.saw", "std.osc.square", "std.osc.triangle", "std.osc.sine", "std.noise"};
    private static final String[] FILTERS = {"std.filter.ladder", "std.filter.svf", "std.filter.biquad", "std.filter.formant"};
    /** A minor pentatonic over two octaves (MIDI), the notes the score picks from. */
    private static final int[] NOTES = {45, 48, 50, 52, 55, 57, 60, 62, 64, 67, 69, 72};
    private static final int GROUP = 8;
    /** Seven group mixers of eight strips per side: the master mixer's eighth input takes the effect returns. */
    static final int MAX_STRIPS = (GROUP - 1) * GROUP;

    private final long[] sources;
    private final long[] filters;
    private final String[] filterTypes;
    private int nodeCount;

    private WidePatch(int strips) {
        sources = new long[strips];
        filters = new long[strips];
        filterTypes = new String[strips];
    }

    /**
     * Adds the patch to an engine with at least two output channels, in one batch.
     *
     * @param engine the engine
     * @param strips channel strips, 1 to {@link #MAX_STRIPS}
     * @return the patch, whose {@link #automation()} plays it
     */
    static WidePatch build(Engine engine, int strips) {
        if (strips < 1 || strips > MAX_STRIPS) {
            throw new IllegalArgumentException("--strips must be within 1.." + MAX_STRIPS + ", got " + strips);
        }
        if (engine.outputChannels() < 2) {
            throw new IllegalArgumentException("the wide patch is stereo; the engine has " + engine.outputChannels() + " channel");
        }
        WidePatch p = new WidePatch(strips);
        engine.batch(p::wire);
        return p;
    }

    /** @return how many nodes the patch added */
    int nodeCount() {
        return nodeCount;
    }

    private long add(Engine e, String type) {
        nodeCount++;
        return e.add(type);
    }

    private void wire(Engine e) {
        int strips = sources.length;
        int groups = (strips + GROUP - 1) / GROUP;
        long[] masters = new long[2];
        long[][] groupMix = new long[2][groups];
        long send = add(e, "std.mix");
        for (int side = 0; side < 2; side++) {
            masters[side] = add(e, "std.mix");
            long comp = add(e, "std.compressor");
            e.setParam(comp, "threshold", -12f, 0f);
            e.connect(masters[side], 0, comp, 0);
            e.connectOutput(comp, 0, side);
            for (int g = 0; g < groups; g++) {
                groupMix[side][g] = add(e, "std.mix");
                e.setParam(groupMix[side][g], "gain1", 1f, 0f);
                e.connect(groupMix[side][g], 0, masters[side], g);
            }
        }
        for (int g = 0; g < groups; g++) {
            e.connect(groupMix[0][g], 0, send, g);
        }
        // Effects returns: send -> delay -> chorus (stereo), send -> reverb (stereo).
        long delay = add(e, "std.delay");
        e.setParam(delay, "time", 375f, 0f);
        e.setParam(delay, "mix", 1f, 0f);
        long chorus = add(e, "std.chorus");
        long reverb = add(e, "std.reverb");
        e.setParam(reverb, "mix", 1f, 0f);
        e.connect(send, 0, delay, 0);
        e.connect(delay, 0, chorus, 0);
        e.connect(send, 0, reverb, 0);
        int returnsIn = GROUP - 1;
        for (int side = 0; side < 2; side++) {
            e.connect(chorus, side, masters[side], returnsIn);
            e.connect(reverb, side, masters[side], returnsIn);
            e.setParam(masters[side], "gain" + (returnsIn + 1), 0.3f, 0f);
        }
        float amp = 0.5f / (float) Math.sqrt(strips);
        for (int s = 0; s < strips; s++) {
            String srcType = SOURCES[s % SOURCES.length];
            long src = add(e, srcType);
            e.setParam(src, "amp", amp, 0f);
            if (!srcType.equals("std.noise")) {
                e.setParam(src, "freq", midiToHz(NOTES[s % NOTES.length]), 0f);
            }
            String filterType = FILTERS[s % FILTERS.length];
            long filter = add(e, filterType);
            e.connect(src, 0, filter, 0);
            if (filterType.equals("std.filter.ladder") || filterType.equals("std.filter.svf")) {
                long lfo = add(e, "std.lfo");
                e.setParam(lfo, "rate", 0.1f + 0.05f * (s % 7), 0f);
                e.setParam(lfo, "depth", 1f, 0f); // octaves, into cutoff_mod
                e.connect(lfo, 0, filter, 1);
            }
            long shape = add(e, s % 4 == 3 ? "std.waveshaper" : "std.gain");
            e.connect(filter, 0, shape, 0);
            long pan = add(e, "std.pan");
            e.setParam(pan, "pan", strips == 1 ? 0f : -0.8f + 1.6f * s / (strips - 1), 0f);
            e.connect(shape, 0, pan, 0);
            for (int side = 0; side < 2; side++) {
                e.connect(pan, side, groupMix[side][s / GROUP], s % GROUP);
            }
            sources[s] = src;
            filters[s] = filter;
            filterTypes[s] = filterType;
        }
    }

    /**
     * The score: every sixteenth note at 120 BPM one strip, in turn, gets a new note (a 5 ms
     * glide) and a filter sweep (a 100 ms ramp). Call before each block, on the control side.
     *
     * @return the listener
     */
    OfflineRenderer.BlockListener automation() {
        long[] next = {0};
        int[] step = {0};
        return (engine, frame) -> {
            if (frame < next[0]) {
                return;
            }
            next[0] += Math.round(engine.sampleRate() * 0.125);
            int k = step[0]++;
            int s = k % sources.length;
            if (s % SOURCES.length != SOURCES.length - 1) { // the noise strips have no pitch
                engine.setParam(sources[s], "freq", midiToHz(NOTES[(k * 7) % NOTES.length]), 5f);
            }
            String cutoff = filterTypes[s].equals("std.filter.biquad") ? "freq"
                    : filterTypes[s].equals("std.filter.formant") ? "vowel" : "cutoff";
            float value = cutoff.equals("vowel") ? k % 5 : 300f + 150f * (k % 20);
            engine.setParam(filters[s], cutoff, value, 100f);
        };
    }

    private static float midiToHz(int note) {
        return (float) (440.0 * Math.pow(2, (note - 69) / 12.0));
    }
}
