package org.aetherdsp.nodes.std;

import java.util.concurrent.atomic.AtomicLong;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.NodeCounters;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.SpscRing;

/**
 * Stereo recorder, node type {@value #TYPE_ID}: passes {@code left} and {@code right}
 * through unchanged and captures them into a preallocated ring of
 * {@value #CAPACITY_SECONDS} seconds at the prepared sample rate, which the control side
 * drains through {@link Recorder} (see there for the WAV recipe). Reach it with
 * {@code engine.nodeAs(handle, Recorder.class)}.
 *
 * <p>Ports: inputs {@code left}, {@code right}; outputs {@code left}, {@code right}, copies
 * of the inputs, so the recorder can sit in the signal path or hang off it. A mono source
 * goes into {@code left} and leaves {@code right} silent. No parameters.
 *
 * <p>Capturing is on from creation; {@link Recorder#stop()} and {@link Recorder#start()}
 * take effect at the next block boundary. When the control side does not drain in time the
 * ring fills up and the RT thread drops the frames that do not fit, counting them in
 * {@link Recorder#dropped()}: the drained audio is then the input with gaps (each starting
 * where the ring filled up and ending at a block boundary), never a corrupted or reordered
 * frame.
 *
 * <p>No DSP state: {@code saveState} writes nothing. The captured audio belongs to the
 * control side once it is in the ring, so {@link #reset()} leaves the ring, its undrained
 * frames and the dropped count alone (a reset must not lose a recording).
 */
public final class StereoRecorder implements DspNode, Recorder, NodeCounters {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.record";

    /** Input and output port: left channel. */
    public static final int LEFT = 0;
    /** Input and output port: right channel. */
    public static final int RIGHT = 1;
    /** The ring holds at least this many seconds of audio at the prepared sample rate (rounded up to a power of two frames). */
    public static final int CAPACITY_SECONDS = 10;

    /** Ports {@code left}, {@code right} to {@code left}, {@code right}; no parameters. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Stereo recorder")
            .input("left").input("right")
            .output("left").output("right")
            .build();

    private static final String TOO_FEW_CHANNELS = "drain needs a destination with 2 channels (left, right)";
    private static final String TOO_SHORT = "a drain destination channel is shorter than maxFrames";
    private static final String NEGATIVE = "maxFrames must not be negative";

    // The ring: an SpscRing (its producer is the RT thread, its consumer the draining thread,
    // one at a time under drainLock) over two channel arrays. Frame number k lives at index
    // k & (capacity - 1) of both; the ring's release/acquire indices make every sample below the
    // published index visible to the drainer, and keep the RT thread from overwriting a slot
    // the drainer may still be reading.
    private SpscRing ring = new SpscRing(1);
    private float[] ringLeft = new float[1];
    private float[] ringRight = new float[1];
    private final AtomicLong dropped = new AtomicLong();
    /** The RT thread's own copy of what it publishes. */
    private long droppedCount;
    /** Set by the control side, read by the RT thread once per block. */
    private volatile boolean recording = true;
    /** Serialises drainers (and prepare); never taken by the RT thread. */
    private final Object drainLock = new Object();

    /** Creates an unprepared node; call {@link #prepare} before {@link #process}. */
    public StereoRecorder() {
    }

    @Override
    public void prepare(ProcessContext context) {
        synchronized (drainLock) {
            ring = new SpscRing((int) Math.ceil((double) context.sampleRate() * CAPACITY_SECONDS));
            ringLeft = new float[ring.capacity()];
            ringRight = new float[ring.capacity()];
            droppedCount = 0L;
            dropped.set(0L);
        }
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] inLeft = inputs[LEFT];
        final float[] inRight = inputs[RIGHT];
        System.arraycopy(inLeft, 0, outputs[LEFT], 0, n);
        System.arraycopy(inRight, 0, outputs[RIGHT], 0, n);
        if (!recording) {
            return;
        }
        final SpscRing r = ring;
        final int count = Math.min(n, r.writable());
        if (count > 0) {
            final int at = r.producerSlot(0);
            final int first = Math.min(count, r.capacity() - at);
            System.arraycopy(inLeft, 0, ringLeft, at, first);
            System.arraycopy(inRight, 0, ringRight, at, first);
            if (first < count) {
                System.arraycopy(inLeft, first, ringLeft, 0, count - first);
                System.arraycopy(inRight, first, ringRight, 0, count - first);
            }
            r.publish(count);
        }
        if (count < n) {
            droppedCount += n - count;
            dropped.lazySet(droppedCount);
        }
    }

    // ---- Recorder: control thread ----

    @Override
    public int drain(float[][] dst, int maxFrames) {
        if (maxFrames < 0) {
            throw new IllegalArgumentException(NEGATIVE);
        }
        if (dst.length < 2) {
            throw new IllegalArgumentException(TOO_FEW_CHANNELS);
        }
        if (dst[0].length < maxFrames || dst[1].length < maxFrames) {
            throw new IllegalArgumentException(TOO_SHORT);
        }
        synchronized (drainLock) {
            final SpscRing r = ring;
            final int n = Math.min(r.readable(), maxFrames);
            if (n <= 0) {
                return 0;
            }
            final int at = r.consumerSlot(0);
            final int first = Math.min(n, r.capacity() - at);
            System.arraycopy(ringLeft, at, dst[0], 0, first);
            System.arraycopy(ringRight, at, dst[1], 0, first);
            if (first < n) {
                System.arraycopy(ringLeft, 0, dst[0], first, n - first);
                System.arraycopy(ringRight, 0, dst[1], first, n - first);
            }
            r.release(n);
            return n;
        }
    }

    @Override
    public int available() {
        return ring.size();
    }

    @Override
    public int capacity() {
        synchronized (drainLock) {
            return ring.capacity();
        }
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    /** @return {@code dropped}: the frames the ring had no room for, in the engine's statistics */
    @Override
    public java.util.Map<String, java.util.function.LongSupplier> counters() {
        return java.util.Map.of("dropped", dropped::get);
    }

    @Override
    public void start() {
        recording = true;
    }

    @Override
    public void stop() {
        recording = false;
    }

    @Override
    public boolean isRecording() {
        return recording;
    }
}
