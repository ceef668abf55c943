package org.aetherdsp.core.poly;

/**
 * What a {@link VoiceAllocator} tells each voice's source node about one block: the voice's gate,
 * pitch and velocity at the block's first frame, then up to {@link VoiceAllocator#EVENTS_PER_VOICE}
 * frame-stamped changes in frame order. Written by the allocator on the RT thread before the
 * block runs, read by the voices' source nodes while it runs (on any worker). All arrays are
 * allocated when the allocator is built.
 */
public final class VoiceEvents {

    private static final int PER_VOICE = VoiceAllocator.EVENTS_PER_VOICE;

    private final float[] startGate;
    private final float[] startPitch;
    private final float[] startVelocity;
    private final int[] eventCount;
    private final int[] eventOffset;
    private final float[] eventGate;
    private final boolean[] eventRetrigger;
    private final float[] eventPitch;
    private final float[] eventVelocity;

    VoiceEvents(int voices) {
        startGate = new float[voices];
        startPitch = new float[voices];
        startVelocity = new float[voices];
        eventCount = new int[voices];
        eventOffset = new int[voices * PER_VOICE];
        eventGate = new float[voices * PER_VOICE];
        eventRetrigger = new boolean[voices * PER_VOICE];
        eventPitch = new float[voices * PER_VOICE];
        eventVelocity = new float[voices * PER_VOICE];
    }

    /** A new block for voice {@code v}: its values at the first frame, and no event yet. */
    void start(int v, float gate, float pitch, float velocity) {
        eventCount[v] = 0;
        startGate[v] = gate;
        startPitch[v] = pitch;
        startVelocity[v] = velocity;
    }

    /**
     * Records a change of voice {@code v} at {@code offset}; when the voice has its maximum of
     * events already, the change overwrites the last one (so the state at the block's end stays
     * right).
     *
     * @return false if it was folded into the last event
     */
    boolean add(int v, int offset, float gate, boolean retrigger, float pitch, float velocity) {
        int n = eventCount[v];
        final boolean room = n < PER_VOICE;
        if (room) {
            eventCount[v] = n + 1;
        } else {
            n--;
        }
        final int e = v * PER_VOICE + n;
        eventOffset[e] = offset;
        eventGate[e] = gate;
        eventRetrigger[e] = retrigger;
        eventPitch[e] = pitch;
        eventVelocity[e] = velocity;
        return room;
    }

    /** @return the voice's gate at the block's first frame */
    public float startGate(int voice) {
        return startGate[voice];
    }

    /** @return the voice's pitch in Hz at the block's first frame (bend included) */
    public float startPitch(int voice) {
        return startPitch[voice];
    }

    /** @return the voice's velocity (0..1) at the block's first frame */
    public float startVelocity(int voice) {
        return startVelocity[voice];
    }

    /** @return the voice's events in the block, in frame order */
    public int eventCount(int voice) {
        return eventCount[voice];
    }

    /** @return event {@code e} of the voice: its frame offset */
    public int eventOffset(int voice, int e) {
        return eventOffset[voice * PER_VOICE + e];
    }

    /** @return event {@code e} of the voice: the gate from then on */
    public float eventGate(int voice, int e) {
        return eventGate[voice * PER_VOICE + e];
    }

    /** @return event {@code e} of the voice: whether the gate drops for its one frame (a new note on a gated voice) */
    public boolean eventRetrigger(int voice, int e) {
        return eventRetrigger[voice * PER_VOICE + e];
    }

    /** @return event {@code e} of the voice: the pitch in Hz from then on */
    public float eventPitch(int voice, int e) {
        return eventPitch[voice * PER_VOICE + e];
    }

    /** @return event {@code e} of the voice: the velocity from then on */
    public float eventVelocity(int voice, int e) {
        return eventVelocity[voice * PER_VOICE + e];
    }
}
