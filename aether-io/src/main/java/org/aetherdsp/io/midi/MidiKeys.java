package org.aetherdsp.io.midi;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;

/**
 * MIDI keyboard, node type {@value #TYPE_ID}: turns note on/off from a {@link MidiInput} into
 * a gate and a pitch, changing on the exact frame each event is stamped with (events without a
 * stamp take effect at the start of the next block).
 *
 * <p>Ports: no inputs; outputs {@code gate} (1 while a key is held, else 0), {@code pitch} (the
 * sounding key in Hz, 440 Hz at A4 = note 69, equal temperament; held after release so a
 * release tail does not jump; 0 before the first note) and {@code velocity} (the last note-on's
 * velocity / 127). Monophonic, last-note priority: releasing the sounding key falls back to the
 * most recent key still held, without a new gate edge (legato). Patch {@code pitch} into an
 * oscillator's {@code fm} with its {@code freq} at the minimum, and {@code gate} into an
 * {@code std.adsr}, as with {@code std.seq}.
 *
 * <p>Parameter {@code channel}: 0 listens to all channels (default), 1..16 to one.
 *
 * <p>The input is attached on the control side: {@code engine.nodeAs(handle,
 * MidiKeys.class).listen(input)}. State (version 1): the held keys, gate, pitch and velocity.
 */
public final class MidiKeys implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "midi.keys";

    /** Output port: gate, 0 or 1. */
    public static final int OUT_GATE = 0;
    /** Output port: pitch in Hz. */
    public static final int OUT_PITCH = 1;
    /** Output port: velocity, 0..1. */
    public static final int OUT_VELOCITY = 2;
    /** Parameter index: channel (0 all, 1..16). */
    public static final int P_CHANNEL = 0;

    /** Ports {@code gate}, {@code pitch}, {@code velocity}; parameter {@code channel}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("MIDI keys")
            .output("gate").output("pitch").output("velocity")
            .param(ParamSpec.of("channel", 0f, 16f, 0f, "", 0f))
            .build();

    private static final float[] NOTE_HZ = new float[128];

    static {
        for (int n = 0; n < 128; n++) {
            NOTE_HZ[n] = (float) (440.0 * Math.pow(2, (n - 69) / 12.0));
        }
    }

    private volatile MidiInput input;
    private long seen = -1;
    /** Held keys, oldest first. */
    private final int[] held = new int[128];
    private int heldCount;
    private float gate;
    private float pitch;
    private float velocity;

    /** Creates a node that plays nothing until an input is attached. */
    public MidiKeys() {
    }

    /**
     * Attaches the input this node plays from (null detaches). Control thread; the RT thread
     * picks it up at its next block.
     *
     * @param source the MIDI input
     */
    public void listen(MidiInput source) {
        this.input = source;
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] g = outputs[OUT_GATE];
        final float[] p = outputs[OUT_PITCH];
        final float[] v = outputs[OUT_VELOCITY];
        final MidiInput in = input;
        int frame = 0;
        if (in != null && in.serial() != seen) {
            seen = in.serial();
            final int channel = Math.round(params.get(P_CHANNEL).value());
            final int events = in.eventCount();
            for (int e = 0; e < events; e++) {
                final int at = Math.min(in.offset(e), n);
                fill(g, p, v, frame, at);
                frame = at;
                apply(in.message(e), channel);
            }
        }
        fill(g, p, v, frame, n);
    }

    private void fill(float[] g, float[] p, float[] v, int from, int to) {
        for (int i = from; i < to; i++) {
            g[i] = gate;
            p[i] = pitch;
            v[i] = velocity;
        }
    }

    private void apply(int message, int channel) {
        final int status = message & 0xF0;
        if (channel != 0 && (message & 0x0F) != channel - 1) {
            return;
        }
        final int key = (message >> 8) & 0x7F;
        final int vel = (message >> 16) & 0x7F;
        if (status == 0x90 && vel > 0) {
            release(key);
            held[heldCount++] = key;
            gate = 1f;
            pitch = NOTE_HZ[key];
            velocity = vel / 127f;
        } else if (status == 0x80 || status == 0x90) {
            release(key);
            if (heldCount == 0) {
                gate = 0f;
            } else {
                pitch = NOTE_HZ[held[heldCount - 1]];
            }
        }
    }

    private void release(int key) {
        int j = 0;
        for (int i = 0; i < heldCount; i++) {
            if (held[i] != key) {
                held[j++] = held[i];
            }
        }
        heldCount = j;
    }

    @Override
    public void reset() {
        heldCount = 0;
        gate = 0f;
        pitch = 0f;
        velocity = 0f;
    }

    @Override
    public int stateSize() {
        return 4 + 4 * 128 + 12;
    }

    @Override
    public int stateVersion() {
        return 1;
    }

    @Override
    public void saveState(StateWriter out) {
        out.writeInt(heldCount);
        for (int i = 0; i < held.length; i++) {
            out.writeInt(i < heldCount ? held[i] : 0);
        }
        out.writeFloat(gate);
        out.writeFloat(pitch);
        out.writeFloat(velocity);
    }

    @Override
    public void loadState(StateReader in, int version) {
        int count = Math.max(0, Math.min(held.length, in.readInt()));
        for (int i = 0; i < held.length; i++) {
            held[i] = in.readInt() & 0x7F;
        }
        heldCount = count;
        gate = in.readFloat();
        pitch = in.readFloat();
        velocity = in.readFloat();
    }
}
