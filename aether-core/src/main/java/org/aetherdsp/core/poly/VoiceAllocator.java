package org.aetherdsp.core.poly;

import java.util.Arrays;

/**
 * Turns MIDI channel messages into per-voice gate, pitch and velocity for a fixed number of
 * voices, at the exact frame of each message. All 16 channels: each note keeps its channel, a
 * channel's sustain pedal (CC 64) holds that channel's released notes, and a channel's pitch
 * bend changes the pitch of every voice playing on it (and of notes started later).
 *
 * <h2>Voices</h2>
 * A voice is <i>free</i> (gate off and its tail finished: idle), <i>released</i> (gate off,
 * tail still ringing), <i>held</i> (gate on, key down) or <i>sustained</i> (gate on, key up, pedal
 * down). A note-on takes, in this order: the voice already playing that note if the policy is
 * {@link StealPolicy#RETRIGGER}; the free voice of lowest index; a released voice chosen by the
 * policy; a gated voice chosen by the policy (stolen). A note-off releases every held voice of
 * that channel and key (or sustains it while the channel's pedal is down). A note-on at velocity
 * 0 is a note-off. CC 123 (all notes off) releases a channel's held voices as note-offs do;
 * CC 120 (all sound off) releases every gated voice of the channel at once, pedal or not.
 *
 * <p>When a note takes a voice whose gate is on, the voice's gate output is 0 for the one frame
 * of the new note-on and on from the next frame, so an envelope sees a new edge (a retrigger);
 * otherwise the gate rises on the note-on's frame.
 *
 * <p>A released voice becomes free at the start of a block when its gate was off for the whole
 * previous block and every one of its outputs peaked below {@link #idleThreshold()} in it (the
 * peaks are reported by the voice's output nodes, {@link #reportLevel}). The scheduler skips the
 * nodes of a voice that is free for a whole block: {@link #idle}.
 *
 * <h2>Threads</h2>
 * The RT thread (the driver's thread, just before each engine block): {@link #beginBlock},
 * {@link #message}, {@link #endBlock}; during the block, any worker reads the block's events
 * ({@link #events()}) and reports levels. All arrays are allocated in the
 * constructor: nothing here allocates afterwards, however many notes arrive or voices are busy.
 * The block barrier of the engine (workers finish before the next block starts; the next block
 * is published to them after this thread's writes) orders these accesses.
 */
public final class VoiceAllocator {

    /** The most voices an allocator holds. */
    public static final int MAX_VOICES = 64;
    /** Events one voice records per block; more are folded into its last one (counted). */
    public static final int EVENTS_PER_VOICE = 16;

    static final int FREE = 0;
    static final int RELEASED = 1;
    static final int HELD = 2;
    static final int SUSTAINED = 3;

    private static final float[] NOTE_HZ = new float[128];

    static {
        for (int n = 0; n < 128; n++) {
            NOTE_HZ[n] = (float) (440.0 * Math.pow(2, (n - 69) / 12.0));
        }
    }

    private final int voices;
    private final int outputs;
    private final StealPolicy policy;
    private final float bendRange;
    private final float idleThreshold;

    // Per voice.
    private final int[] state;
    private final int[] channel;
    private final int[] key;
    private final float[] velocity;
    private final long[] onOrder;
    private final boolean[] idle;
    /** Whether the voice was released for the whole block now ending (released at its start, no event). */
    private final boolean[] releasedAtStart;
    /** Per voice and output, the peak of the last block that ran it. */
    private final float[] level;
    // Per voice: the outputs at the block's first frame, then the block's events.
    /** What each voice's source node plays in the block: its start values and frame-stamped events. */
    private final VoiceEvents events;

    // Per channel.
    private final boolean[] sustain = new boolean[16];
    private final float[] bendFactor = new float[16];

    private long clock;
    private long folded;

    /**
     * An allocator with pitch bend over ±2 semitones and an idle threshold of 1e-4 (-80 dBFS).
     *
     * @param voices  1 to {@link #MAX_VOICES}
     * @param outputs the outputs of each voice that report levels, 1 or more
     * @param policy  the stealing policy
     * @throws IllegalArgumentException if a count is out of range
     */
    public VoiceAllocator(int voices, int outputs, StealPolicy policy) {
        this(voices, outputs, policy, 2f, 1e-4f);
    }

    /**
     * Control thread.
     *
     * @param voices        1 to {@link #MAX_VOICES}
     * @param outputs       the outputs of each voice that report levels, 1 to 16
     * @param policy        the stealing policy
     * @param bendRange     semitones of a full pitch bend up (and down), 0 to 48
     * @param idleThreshold a released voice whose outputs peak below this for a block is idle, 0 to 1
     * @throws IllegalArgumentException if a count or bound is out of range, or the policy is null
     */
    public VoiceAllocator(int voices, int outputs, StealPolicy policy, float bendRange, float idleThreshold) {
        if (voices < 1 || voices > MAX_VOICES) {
            throw new IllegalArgumentException("voices must be within 1.." + MAX_VOICES + ", got " + voices);
        }
        if (outputs < 1 || outputs > 16) {
            throw new IllegalArgumentException("voice outputs must be within 1..16, got " + outputs);
        }
        if (policy == null) {
            throw new IllegalArgumentException("stealing policy must not be null");
        }
        if (!(bendRange >= 0f && bendRange <= 48f)) {
            throw new IllegalArgumentException("pitch bend range must be within 0..48 semitones, got " + bendRange);
        }
        if (!(idleThreshold >= 0f && idleThreshold <= 1f)) {
            throw new IllegalArgumentException("idle threshold must be within 0..1, got " + idleThreshold);
        }
        this.voices = voices;
        this.outputs = outputs;
        this.policy = policy;
        this.bendRange = bendRange;
        this.idleThreshold = idleThreshold;
        state = new int[voices];
        channel = new int[voices];
        key = new int[voices];
        velocity = new float[voices];
        onOrder = new long[voices];
        idle = new boolean[voices];
        Arrays.fill(idle, true);
        releasedAtStart = new boolean[voices];
        level = new float[voices * outputs];
        events = new VoiceEvents(voices);
        Arrays.fill(bendFactor, 1f);
    }

    /** @return the number of voices */
    public int voices() {
        return voices;
    }

    /** @return the outputs per voice that report levels */
    public int outputs() {
        return outputs;
    }

    /** @return the stealing policy */
    public StealPolicy policy() {
        return policy;
    }

    /** @return semitones of a full pitch bend */
    public float bendRange() {
        return bendRange;
    }

    /** @return the peak below which a released voice becomes idle */
    public float idleThreshold() {
        return idleThreshold;
    }

    // ------------------------------------------------------------------ per block (RT thread)

    /**
     * Starts a block: released voices whose last block was silent become free, and the block's
     * event lists are cleared. RT thread, before this block's {@link #message}s.
     */
    public void beginBlock() {
        for (int v = 0; v < voices; v++) {
            if (state[v] == RELEASED && releasedAtStart[v] && events.eventCount(v) == 0 && quiet(v)) {
                state[v] = FREE;
            }
            releasedAtStart[v] = state[v] == RELEASED;
            idle[v] = state[v] == FREE;
            events.start(v, gateOf(v), pitchOf(v), velocity[v]);
        }
    }

    /**
     * One MIDI channel message at {@code offset} frames into the block (offsets must not
     * decrease within a block). Note on/off, CC 64, 120 and 123 and pitch bend are used; other
     * messages are ignored. RT thread, between {@link #beginBlock} and {@link #endBlock}.
     *
     * @param offset  the frame in the block, 0 or more
     * @param message status | data1 &lt;&lt; 8 | data2 &lt;&lt; 16, as {@code MidiInput} lays them out
     */
    public void message(int offset, int message) {
        final int status = message & 0xF0;
        final int ch = message & 0x0F;
        final int d1 = (message >> 8) & 0x7F;
        final int d2 = (message >> 16) & 0x7F;
        switch (status) {
            case 0x90:
                if (d2 > 0) {
                    noteOn(offset, ch, d1, d2);
                } else {
                    noteOff(offset, ch, d1);
                }
                break;
            case 0x80:
                noteOff(offset, ch, d1);
                break;
            case 0xB0:
                controlChange(offset, ch, d1, d2);
                break;
            case 0xE0:
                pitchBend(offset, ch, d1 | d2 << 7);
                break;
            default:
                break;
        }
    }

    /**
     * Ends the block's messages: a voice that a note took in this block is not idle in it.
     * RT thread, after the block's {@link #message}s, before the engine runs the block.
     */
    public void endBlock() {
        for (int v = 0; v < voices; v++) {
            idle[v] = idle[v] && state[v] == FREE && events.eventCount(v) == 0;
        }
    }

    /** Note on, channel 0..15, key and velocity 1..127. RT thread, inside a block. */
    public void noteOn(int offset, int ch, int k, int vel) {
        final int v = choose(ch, k);
        final boolean retrigger = state[v] == HELD || state[v] == SUSTAINED;
        state[v] = HELD;
        channel[v] = ch;
        key[v] = k;
        velocity[v] = vel / 127f;
        onOrder[v] = ++clock;
        releasedAtStart[v] = false;
        emit(v, offset, retrigger);
    }

    /** Note off, channel 0..15. RT thread, inside a block. */
    public void noteOff(int offset, int ch, int k) {
        for (int v = 0; v < voices; v++) {
            if (state[v] == HELD && channel[v] == ch && key[v] == k) {
                if (sustain[ch]) {
                    state[v] = SUSTAINED;
                } else {
                    state[v] = RELEASED;
                    emit(v, offset, false);
                }
            }
        }
    }

    /** A control change, channel 0..15: 64 sustain, 120 all sound off, 123 all notes off. */
    public void controlChange(int offset, int ch, int controller, int value) {
        if (controller == 64) {
            final boolean down = value >= 64;
            if (sustain[ch] && !down) {
                sustain[ch] = false;
                for (int v = 0; v < voices; v++) {
                    if (state[v] == SUSTAINED && channel[v] == ch) {
                        state[v] = RELEASED;
                        emit(v, offset, false);
                    }
                }
            }
            sustain[ch] = down;
        } else if (controller == 123) {
            for (int v = 0; v < voices; v++) {
                if (state[v] == HELD && channel[v] == ch) {
                    state[v] = sustain[ch] ? SUSTAINED : RELEASED;
                    if (state[v] == RELEASED) {
                        emit(v, offset, false);
                    }
                }
            }
        } else if (controller == 120) {
            for (int v = 0; v < voices; v++) {
                if ((state[v] == HELD || state[v] == SUSTAINED) && channel[v] == ch) {
                    state[v] = RELEASED;
                    emit(v, offset, false);
                }
            }
        }
    }

    /** Pitch bend of a channel, 0..16383 (8192 centre), to every voice playing on it. */
    public void pitchBend(int offset, int ch, int value) {
        final double semitones = (value - 8192) / 8192.0 * bendRange;
        bendFactor[ch] = (float) Math.pow(2.0, semitones / 12.0);
        for (int v = 0; v < voices; v++) {
            if (state[v] != FREE && channel[v] == ch) {
                emit(v, offset, false);
            }
        }
    }

    private int choose(int ch, int k) {
        if (policy == StealPolicy.RETRIGGER) {
            for (int v = 0; v < voices; v++) {
                if (state[v] != FREE && channel[v] == ch && key[v] == k) {
                    return v;
                }
            }
        }
        for (int v = 0; v < voices; v++) {
            if (state[v] == FREE) {
                return v;
            }
        }
        int best = pick(true);
        return best >= 0 ? best : pick(false);
    }

    /** The policy's choice among released voices ({@code released}) or gated ones; -1 if none. */
    private int pick(boolean released) {
        int best = -1;
        float bestLevel = 0f;
        for (int v = 0; v < voices; v++) {
            if ((state[v] == RELEASED) != released) {
                continue;
            }
            float l = policy == StealPolicy.QUIETEST ? peak(v) : 0f;
            if (best < 0 || l < bestLevel || l == bestLevel && onOrder[v] < onOrder[best]) {
                best = v;
                bestLevel = l;
            }
        }
        return best;
    }

    private void emit(int v, int offset, boolean retrigger) {
        if (!events.add(v, offset, gateOf(v), retrigger, pitchOf(v), velocity[v])) {
            folded++; // folded into the last event: the state at the block's end stays right
        }
    }

    private float gateOf(int v) {
        return state[v] == HELD || state[v] == SUSTAINED ? 1f : 0f;
    }

    private float pitchOf(int v) {
        return state[v] == FREE && onOrder[v] == 0 ? 0f : NOTE_HZ[key[v]] * bendFactor[channel[v]];
    }

    private boolean quiet(int v) {
        return peak(v) < idleThreshold;
    }

    private float peak(int v) {
        float p = 0f;
        for (int o = v * outputs, end = o + outputs; o < end; o++) {
            p = Math.max(p, level[o]);
        }
        return p;
    }

    // ------------------------------------------------------------------ during the block (any worker)

    /**
     * Records the peak of a voice's output in the block that ran it. The worker running that
     * voice's output node, during the block; read at the next {@link #beginBlock}.
     *
     * @param voice  the voice
     * @param output the voice output, below {@link #outputs()}
     * @param peak   the largest absolute sample (NaN counts as loud)
     */
    public void reportLevel(int voice, int output, float peak) {
        level[voice * outputs + output] = peak != peak ? Float.MAX_VALUE : peak;
    }

    /** @return whether the voice is idle for the whole block being run (its nodes are skipped) */
    public boolean idle(int voice) {
        return idle[voice];
    }

    /** @return the voices' start values and events in the block being run, which their source nodes read */
    public VoiceEvents events() {
        return events;
    }

    // ------------------------------------------------------------------ inspection

    /** @return whether the voice's gate is on now (after the messages given so far) */
    public boolean gate(int voice) {
        return state[voice] == HELD || state[voice] == SUSTAINED;
    }

    /** @return whether the voice is sounding: gated or released but not yet free */
    public boolean sounding(int voice) {
        return state[voice] != FREE;
    }

    /** @return the voice's key (0..127), meaningful once a note has played on it */
    public int key(int voice) {
        return key[voice];
    }

    /** @return the voice's channel (0..15), meaningful once a note has played on it */
    public int channel(int voice) {
        return channel[voice];
    }

    /** @return events folded into a voice's last event because its block list was full */
    public long folded() {
        return folded;
    }

    /** @return the voice's state: 0 free, 1 released, 2 held, 3 sustained (for tests) */
    int state(int voice) {
        return state[voice];
    }

    /** @return the number of voices gated (held or sustained) now */
    public int gatedCount() {
        int n = 0;
        for (int v = 0; v < voices; v++) {
            if (state[v] >= HELD) {
                n++;
            }
        }
        return n;
    }
}
