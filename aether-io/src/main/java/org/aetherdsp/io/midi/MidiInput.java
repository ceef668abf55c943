package org.aetherdsp.io.midi;

import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import java.util.List;
import org.aetherdsp.core.poly.VoiceAllocator;
import org.aetherdsp.io.driver.BlockHook;

/**
 * Where MIDI enters the engine. Drivers and devices put short messages in; once per engine
 * block, on the RT thread, the messages due in that block are laid out with their frame offsets
 * for {@link MidiKeys} nodes, and control changes are routed by the attached
 * {@link ControlChanges} to the engine's {@link org.aetherdsp.core.engine.ParamEvents} with the
 * same offsets, and the attached voice allocators ({@link #playVoices}) are fed the block's
 * channel messages with the same offsets, so polyphonic voices start on their frames. All are
 * sample-accurate when the message is stamped; an unstamped message takes effect at the start of
 * the next block.
 *
 * <p>Stamps: {@link #offer} takes a host frame (the JACK MIDI port's frame offsets). The
 * javax.sound.midi {@link #send} takes the device's microsecond time stamp, or -1 when the
 * device gives none; stamps are used only when this input was built with a sample rate
 * ({@link #MidiInput(int, float)}), see {@link #send}.
 *
 * <p>Threads: one producer ({@link #offer}: the JACK process callback, or {@link #send}: the
 * javax.sound.midi device's thread; not both), and the RT thread ({@link #beforeBlock}, the
 * nodes reading the block's events, and the control-change routing). Nothing here allocates
 * after construction.
 */
public final class MidiInput implements MidiEventSink, Receiver, BlockHook {

    /** Most note events laid out per block; later ones wait for the next block. */
    public static final int MAX_EVENTS_PER_BLOCK = 256;

    private final MidiRing in;
    /** Routes control changes on the RT thread; null: control changes are ignored. */
    private volatile ControlChanges controlChanges;
    /** Fed every block's channel messages on the RT thread; replaced whole by the control thread. */
    private volatile VoiceAllocator[] voices = new VoiceAllocator[0];
    private volatile int latency;
    /** Frames per microsecond for {@link #send}'s stamps; 0: stamps are ignored. */
    private final double framesPerMicro;
    /** The first frame of the block after the one being laid out; written by the RT thread, read by {@link #send}. */
    private volatile long nextBlockFrame;
    private volatile int blockFrames;
    // send's thread only: device time stamp {@code anchorMicros} is host frame {@code anchorFrame}.
    private long anchorMicros = -1;
    private long anchorFrame;

    // RT thread only: this block's note events.
    private final int[] offsets = new int[MAX_EVENTS_PER_BLOCK];
    private final int[] messages = new int[MAX_EVENTS_PER_BLOCK];
    private int count;
    private long serial;

    /** An input with room for 1024 pending events, ignoring javax.sound.midi time stamps. */
    public MidiInput() {
        this(1024);
    }

    /** @param capacity pending events held; javax.sound.midi time stamps are ignored */
    public MidiInput(int capacity) {
        this(capacity, 0f);
    }

    /**
     * @param capacity   pending events held
     * @param sampleRate the engine's sample rate, to place javax.sound.midi time stamps on
     *                   frames ({@link #send}); 0 ignores them
     * @throws IllegalArgumentException if the rate is negative or not finite
     */
    public MidiInput(int capacity, float sampleRate) {
        if (!(sampleRate >= 0f) || Float.isInfinite(sampleRate)) {
            throw new IllegalArgumentException("MIDI input sample rate must be finite and >= 0 Hz, got " + sampleRate);
        }
        this.in = new MidiRing(capacity);
        this.framesPerMicro = sampleRate / 1e6;
    }

    /**
     * Attaches the router of control changes (null: control changes are ignored). Control
     * thread; the RT thread picks it up at its next block.
     */
    void route(ControlChanges router) {
        this.controlChanges = router;
    }

    /**
     * Makes the voice allocators play this input: from the next block on, each block's channel
     * messages (notes, control changes such as the sustain pedal, pitch bend) reach every one of
     * them at their frame offsets, just before the engine runs the block. Replaces the allocators
     * attached before; an empty list detaches them. Control thread.
     *
     * @param allocators the allocators, e.g. {@code Voices.allocator()} of each voice group
     */
    public void playVoices(List<VoiceAllocator> allocators) {
        this.voices = allocators.toArray(new VoiceAllocator[0]);
    }

    /** Detaches {@code router} if it is the one attached. */
    void unroute(ControlChanges router) {
        if (controlChanges == router) {
            controlChanges = null;
        }
    }

    @Override
    public void latencyFrames(int frames) {
        latency = frames;
    }

    @Override
    public void offer(long frame, int status, int data1, int data2) {
        if (status < 0x80 || status >= 0xF0) {
            return; // system messages: nothing to map
        }
        in.offer(frame < 0 ? -1 : frame + latency, status, data1, data2);
    }

    /**
     * As {@link #offer}, but refuses (without dropping or counting) an event the ring has no room
     * for, so a producer that can wait (a file played offline) offers it again later. Producer thread.
     *
     * @return false if there was no room; the event was not taken
     */
    boolean offerIfRoom(long frame, int status, int data1, int data2) {
        if (!in.hasRoom()) {
            return false;
        }
        offer(frame, status, data1, data2);
        return true;
    }

    /**
     * javax.sound.midi: a device's transmitter delivers here (its thread is the producer).
     *
     * <p>A time stamp of -1 (the device has none), or any stamp when this input has no sample
     * rate, applies the message at the start of the next block. Otherwise the stamp, in
     * microseconds on the device's own clock, is placed on host frames: the first stamped
     * message is anchored one block after the next block to be laid out (a block of latency
     * that absorbs the device thread's delivery jitter), and each later one keeps its exact
     * distance in time from it, so messages keep their spacing to the frame. The anchor is
     * moved when a message would land more than a block late or more than eight blocks ahead
     * (the device clock drifting from the audio clock, or the stream restarting).
     */
    @Override
    public void send(MidiMessage message, long timeStamp) {
        if (message instanceof ShortMessage) {
            ShortMessage m = (ShortMessage) message;
            long frame = timeStamp < 0 || framesPerMicro == 0 ? -1 : frameOf(timeStamp);
            offer(frame, m.getStatus(), m.getData1(), m.getData2());
        }
    }

    /** A device time stamp as a host frame; {@link #send}'s thread. */
    private long frameOf(long micros) {
        final long next = nextBlockFrame;
        final int block = Math.max(1, blockFrames);
        if (anchorMicros >= 0) {
            long frame = anchorFrame + Math.round((micros - anchorMicros) * framesPerMicro);
            if (frame >= next - block && frame <= next + 8L * block) {
                return frame;
            }
        }
        anchorMicros = micros;
        anchorFrame = next + block;
        return anchorFrame;
    }

    @Override
    public void close() {
        // Nothing to release: a receiver of a device that was closed.
    }

    /**
     * Lays out the events due before {@code frame + blockSize}: stamped events at their offset
     * in the block (late ones at 0), unstamped ones at 0. Control changes are routed at the
     * same offsets by the attached {@link ControlChanges} (into the engine's parameter events,
     * which the engine's next block applies). RT thread, just before the engine's block.
     */
    @Override
    public void beforeBlock(long frame, int blockSize) {
        blockFrames = blockSize;
        nextBlockFrame = frame + blockSize;
        final ControlChanges router = controlChanges;
        int n = 0;
        long end = frame + blockSize;
        while (!in.isEmpty() && n < MAX_EVENTS_PER_BLOCK) {
            long at = in.peekFrame();
            if (at >= end) {
                break;
            }
            int message = in.peekMessage();
            in.remove();
            int offset = at <= frame ? 0 : (int) (at - frame);
            if ((message & 0xF0) == ShortMessage.CONTROL_CHANGE) {
                if (router != null) {
                    router.route(message, offset);
                }
            }
            offsets[n] = n > 0 && offset < offsets[n - 1] ? offsets[n - 1] : offset; // keep the order
            messages[n] = message;
            n++;
        }
        count = n;
        serial++;
        final VoiceAllocator[] allocators = voices;
        for (VoiceAllocator a : allocators) {
            a.beginBlock();
            for (int e = 0; e < n; e++) {
                a.message(offsets[e], messages[e]);
            }
            a.endBlock();
        }
    }

    /** @return a number that changes with every block laid out; RT thread */
    public long serial() {
        return serial;
    }

    /** @return note, control change and other channel events in the current block; RT thread */
    public int eventCount() {
        return count;
    }

    /** @return event {@code i}'s frame offset in the block, non-decreasing in {@code i}; RT thread */
    public int offset(int i) {
        return offsets[i];
    }

    /** @return event {@code i}'s bytes, status | data1 << 8 | data2 << 16; RT thread */
    public int message(int i) {
        return messages[i];
    }

    /** @return events dropped because the ring was full */
    public long dropped() {
        return in.dropped();
    }
}
