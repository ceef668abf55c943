package org.aetherdsp.core.poly;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ProcessContext;

/**
 * One voice's control signals, node type {@value #TYPE_ID}: outputs {@code gate} (0 or 1),
 * {@code pitch} (Hz, the channel's pitch bend included) and {@code velocity} (0..1), each
 * changing on the exact frame of the allocator's event for the voice (see
 * {@link VoiceAllocator}). A node of this type plays nothing (all outputs 0) until attached:
 * {@link Voices} attaches one per voice instance. No parameters; no state (the allocator holds it).
 */
public final class VoiceSource implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "poly.voice";
    /** Output port: the gate. */
    public static final int OUT_GATE = 0;
    /** Output port: the pitch in Hz. */
    public static final int OUT_PITCH = 1;
    /** Output port: the velocity. */
    public static final int OUT_VELOCITY = 2;

    /** Outputs {@code gate}, {@code pitch}, {@code velocity}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Voice gate, pitch and velocity")
            .output("gate").output("pitch").output("velocity")
            .build();

    private volatile VoiceAllocator voices;
    private volatile int voice;

    /** A node attached to no allocator. */
    public VoiceSource() {
    }

    /**
     * Attaches the allocator and voice this node plays. Control thread, before the node runs.
     *
     * @param allocator the allocator
     * @param index     the voice, below {@code allocator.voices()}
     */
    public void attach(VoiceAllocator allocator, int index) {
        if (index < 0 || index >= allocator.voices()) {
            throw new IllegalArgumentException("voice " + index + " is not one of the allocator's " + allocator.voices());
        }
        this.voice = index;
        this.voices = allocator;
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] g = outputs[OUT_GATE];
        final float[] p = outputs[OUT_PITCH];
        final float[] v = outputs[OUT_VELOCITY];
        final VoiceAllocator a = voices;
        if (a == null) {
            fill(g, p, v, 0, n, 0f, 0f, 0f);
            return;
        }
        final int k = voice;
        final VoiceEvents ev = a.events();
        float gate = ev.startGate(k);
        float pitch = ev.startPitch(k);
        float velocity = ev.startVelocity(k);
        int frame = 0;
        for (int e = 0, events = ev.eventCount(k); e < events; e++) {
            final int at = Math.min(Math.max(ev.eventOffset(k, e), frame), n);
            fill(g, p, v, frame, at, gate, pitch, velocity);
            frame = at;
            gate = ev.eventGate(k, e);
            pitch = ev.eventPitch(k, e);
            velocity = ev.eventVelocity(k, e);
            if (ev.eventRetrigger(k, e) && frame < n) {
                fill(g, p, v, frame, frame + 1, 0f, pitch, velocity); // one frame low: a new edge
                frame++;
            }
        }
        fill(g, p, v, frame, n, gate, pitch, velocity);
    }

    private static void fill(float[] g, float[] p, float[] v, int from, int to, float gate, float pitch, float velocity) {
        for (int i = from; i < to; i++) {
            g[i] = gate;
            p[i] = pitch;
            v[i] = velocity;
        }
    }
}
