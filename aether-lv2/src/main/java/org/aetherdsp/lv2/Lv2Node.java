package org.aetherdsp.lv2;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;
import org.aetherdsp.io.midi.MidiInput;

/**
 * One LV2 plugin instance as a node. The plugin is instantiated in {@link #prepare} (control side)
 * with the engine's sample rate and block size as its maximum block length; every port is
 * connected there, once, to a direct buffer this node owns. {@link #process} (RT thread) copies
 * the input blocks into those buffers, writes the control values, makes one JNI call that runs
 * the plugin (and delivers its worker's responses), copies the outputs back and checks them for
 * NaN: no allocation, no conversion, no callback into Java.
 *
 * <p>Control inputs are the node's parameters. While one of them is gliding (a ramp, automation)
 * the block is run in chunks of {@value #SMOOTH_CHUNK} frames, each with the parameter's value at
 * the chunk's first frame, so that a control port follows a ramp as a standard parameter does; a
 * block in which nothing moves is one run call.
 *
 * <p>Faults: a plugin that writes NaN or infinity throws a preallocated {@link Lv2FaultException}
 * naming its URI; the engine silences and bypasses the node and reports it.
 *
 * <p>State: control values are the engine's parameters (saved in snapshots); a plugin with the
 * LV2 state extension also saves its own state (properties by URI, portable across processes) into
 * the node's state blob, restored by {@link #loadState}. The native instance is freed when the
 * node is no longer reachable.
 */
public final class Lv2Node implements DspNode, Lv2Instance {

    /** Frames per run call while a control input glides. */
    public static final int SMOOTH_CHUNK = 16;
    /** Bytes of each atom port's sequence buffer. */
    static final int ATOM_CAPACITY = 16 * 1024;
    /** Bytes a plugin's saved state may take. */
    static final int STATE_CAPACITY = Integer.getInteger("aether.lv2.stateBytes", 256 * 1024) & ~7;
    /** State layout version. */
    static final int STATE_VERSION = 1;

    private static final Cleaner CLEANER = Cleaner.create();

    private final Lv2Host host;
    private final Lv2Layout layout;
    private final String uri;
    private final boolean hasState;
    private final Lv2FaultException nanFault;
    private final Lv2FaultException blockFault;

    private long handle;
    private int maxBlock;
    private FloatBuffer[] inputs;
    private FloatBuffer[] outputs;
    private FloatBuffer schedule;
    private IntBuffer midi;
    private FloatBuffer controls;
    private ByteBuffer stateBuffer;
    private int nports;
    private final AtomicIntegerArray controlOut;
    private volatile MidiInput midiInput;
    private long midiSerial = -1;

    Lv2Node(Lv2Host host, Lv2Layout layout) {
        this.host = host;
        this.layout = layout;
        this.uri = layout.plugin.uri();
        List<String> missing = layout.plugin.missingFeatures();
        if (!missing.isEmpty()) {
            throw new Lv2FeatureException(uri, missing);
        }
        this.hasState = layout.plugin.hasExtension(Lv2Plugin.STATE_INTERFACE);
        this.nanFault = new Lv2FaultException(uri, "LV2 plugin <" + uri + "> wrote NaN or infinity to an output; bypassed");
        this.blockFault = new Lv2FaultException(uri, "LV2 plugin <" + uri + ">: a block longer than the maximum it was prepared for");
        this.controlOut = new AtomicIntegerArray(layout.controlOutPorts.length);
    }

    @Override
    public void prepare(ProcessContext context) {
        if (handle != 0) {
            throw new IllegalStateException("LV2 node <" + uri + "> is already prepared");
        }
        maxBlock = context.blockSize();
        long h = Lv2Native.instantiate(host.world(), uri, context.sampleRate(), maxBlock, ATOM_CAPACITY);
        if (h == 0) {
            throw new Lv2Exception(uri, "LV2 plugin <" + uri + "> failed to instantiate at " + context.sampleRate()
                    + " Hz (its instantiate() returned NULL)");
        }
        try {
            connectAll(h);
        } catch (RuntimeException | Error e) {
            Lv2Native.free(h); // nothing else holds the instance yet
            throw e;
        }
    }

    /** Connects every port to a buffer of its own, activates, and registers the release. Control side. */
    private void connectAll(long h) {
        nports = layout.plugin.ports().size();
        List<ByteBuffer> keep = new ArrayList<>();
        inputs = new FloatBuffer[layout.inputPorts.length];
        outputs = new FloatBuffer[layout.outputPorts.length];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = signal(h, layout.inputPorts[i], keep);
        }
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = signal(h, layout.outputPorts[i], keep);
        }
        for (int i = 0; i < layout.atomInPorts.length; i++) {
            ByteBuffer b = direct(ATOM_CAPACITY, keep);
            Lv2Native.connect(h, layout.atomInPorts[i], layout.atomInMidi[i] ? Lv2Native.K_ATOM_MIDI : Lv2Native.K_ATOM_IN, b);
        }
        for (int p : layout.atomOutPorts) {
            ByteBuffer b = direct(ATOM_CAPACITY, keep);
            Lv2Native.connect(h, p, Lv2Native.K_ATOM_OUT, b);
        }
        for (Lv2Port p : layout.plugin.ports()) {
            if (p.kind() == Lv2Port.Kind.CONTROL) {
                Lv2Native.connect(h, p.index(), p.input() ? Lv2Native.K_CONTROL_IN : Lv2Native.K_CONTROL_OUT, null);
            } else if (p.kind() == Lv2Port.Kind.OTHER) {
                Lv2Native.connect(h, p.index(), 0, null);
            }
        }
        ByteBuffer controlBytes = direct(4 * nports, keep);
        controls = controlBytes.asFloatBuffer();
        int rows = (maxBlock + SMOOTH_CHUNK - 1) / SMOOTH_CHUNK;
        ByteBuffer scheduleBytes = direct(4 * nports * Math.max(1, rows), keep);
        schedule = scheduleBytes.asFloatBuffer();
        ByteBuffer midiBytes = direct(4 * (1 + 2 * MidiInput.MAX_EVENTS_PER_BLOCK), keep);
        midi = midiBytes.asIntBuffer();
        for (int k = 0; k < layout.paramPorts.length; k++) {
            float def = layout.descriptor.params().get(k).defaultValue();
            controls.put(layout.paramPorts[k], def);
            for (int r = 0; r < Math.max(1, rows); r++) {
                schedule.put(r * nports + layout.paramPorts[k], def);
            }
        }
        Lv2Native.buffers(h, controlBytes, scheduleBytes, midiBytes);
        if (hasState) {
            stateBuffer = direct(STATE_CAPACITY, keep);
        }
        Lv2Native.activate(h, 1);
        handle = h;
        CLEANER.register(this, new Release(h, keep));
    }

    private FloatBuffer signal(long h, int port, List<ByteBuffer> keep) {
        ByteBuffer b = direct(4 * maxBlock, keep);
        Lv2Native.connect(h, port, Lv2Native.K_AUDIO, b);
        return b.asFloatBuffer();
    }

    private static ByteBuffer direct(int bytes, List<ByteBuffer> keep) {
        ByteBuffer b = ByteBuffer.allocateDirect(Math.max(8, bytes)).order(ByteOrder.nativeOrder());
        keep.add(b);
        return b;
    }

    /** Frees the native instance; holds the buffers the plugin was connected to until then. */
    private static final class Release implements Runnable {
        private final long handle;
        @SuppressWarnings("unused")
        private final List<ByteBuffer> buffers;

        Release(long handle, List<ByteBuffer> buffers) {
            this.handle = handle;
            this.buffers = buffers;
        }

        @Override
        public void run() {
            Lv2Native.free(handle);
        }
    }

    @Override
    public void process(float[][] in, float[][] out, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        if (n > maxBlock) {
            throw blockFault;
        }
        for (int i = 0; i < inputs.length; i++) {
            inputs[i].put(0, in[i], 0, n);
        }
        final int np = nports;
        final int[] ports = layout.paramPorts;
        boolean gliding = false;
        for (int k = 0; k < ports.length; k++) {
            if (params.get(k).isSmoothing()) {
                gliding = true;
                break;
            }
        }
        final int chunk = gliding ? SMOOTH_CHUNK : n;
        for (int k = 0; k < ports.length; k++) {
            final org.aetherdsp.api.Param p = params.get(k);
            final boolean whole = layout.paramWhole[k];
            for (int row = 0, at = 0; at < n; row++, at += chunk) {
                float v = gliding ? p.valueAt(at) : p.value();
                schedule.put(row * np + ports[k], whole ? (float) Math.rint(v) : v);
            }
        }
        writeMidi(n);
        Lv2Native.run(handle, n, chunk);
        float bad = 0f;
        for (int o = 0; o < outputs.length; o++) {
            final float[] dst = out[o];
            outputs[o].get(0, dst, 0, n);
            for (int i = 0; i < n; i++) {
                bad += dst[i] * 0f; // NaN once any sample is NaN or infinite
            }
        }
        final int[] outs = layout.controlOutPorts;
        for (int k = 0; k < outs.length; k++) {
            controlOut.lazySet(k, Float.floatToRawIntBits(controls.get(outs[k])));
        }
        if (bad != bad) {
            for (int o = 0; o < outputs.length; o++) {
                java.util.Arrays.fill(out[o], 0, n, 0f);
            }
            throw nanFault;
        }
    }

    /** The block's MIDI events into the native event list (count 0 when nothing new). RT thread. */
    private void writeMidi(int n) {
        final MidiInput m = midiInput;
        int count = 0;
        if (m != null && layout.takesMidi && m.serial() != midiSerial) {
            midiSerial = m.serial();
            count = Math.min(m.eventCount(), MidiInput.MAX_EVENTS_PER_BLOCK);
            for (int e = 0; e < count; e++) {
                midi.put(1 + 2 * e, Math.min(m.offset(e), n - 1));
                midi.put(2 + 2 * e, m.message(e));
            }
        }
        midi.put(0, count);
    }

    @Override
    public void reset() {
        Lv2Native.activate(handle, 0);
        Lv2Native.activate(handle, 1);
    }

    @Override
    public int stateSize() {
        return hasState ? 8 + STATE_CAPACITY + 8 : 0;
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    /** The plugin's own state (LV2 state extension): its length, then its bytes as longs. RT thread, between blocks. */
    @Override
    public void saveState(StateWriter out) {
        if (!hasState) {
            return;
        }
        int length = Lv2Native.saveState(handle, stateBuffer);
        if (length < 0) {
            length = -1; // the plugin could not save, or its state is larger than the buffer: restores nothing
        }
        out.writeInt(length);
        for (int i = 0; i < length; i += 8) {
            out.writeLong(stateBuffer.getLong(i)); // the buffer's capacity is a multiple of 8
        }
    }

    @Override
    public void loadState(StateReader in, int version) {
        if (!hasState || in.remaining() < 4) {
            return;
        }
        int length = in.readInt();
        if (length < 0 || length > STATE_CAPACITY) {
            return;
        }
        for (int i = 0; i < length; i += 8) {
            stateBuffer.putLong(i, in.readLong());
        }
        Lv2Native.restoreState(handle, stateBuffer, length);
    }

    @Override
    public String pluginUri() {
        return uri;
    }

    @Override
    public int latencyFrames() {
        int k = layout.latencyOutput;
        return k < 0 ? 0 : Math.round(Float.intBitsToFloat(controlOut.get(k)));
    }

    @Override
    public float controlOutput(String symbol) {
        for (int k = 0; k < layout.controlOutPorts.length; k++) {
            if (layout.plugin.ports().get(layout.controlOutPorts[k]).symbol().equals(symbol)) {
                return Float.intBitsToFloat(controlOut.get(k));
            }
        }
        List<String> names = new ArrayList<>();
        for (int p : layout.controlOutPorts) {
            names.add(layout.plugin.ports().get(p).symbol());
        }
        throw new IllegalArgumentException("LV2 plugin <" + uri + "> has no control output '" + symbol + "'; it has " + names);
    }

    @Override
    public void listen(MidiInput input) {
        this.midiInput = input;
    }

    @Override
    public boolean takesMidi() {
        return layout.takesMidi;
    }

    @Override
    public long workDone() {
        return handle == 0 ? 0 : Lv2Native.workDone(handle);
    }

    /** @return the plugin's layout description, for tests */
    Lv2Layout layout() {
        return layout;
    }

    /** @return the native handle, for the benchmark */
    long nativeHandle() {
        return handle;
    }
}
