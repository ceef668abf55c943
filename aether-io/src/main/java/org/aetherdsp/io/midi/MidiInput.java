package org.aetherdsp.io.midi;

import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import org.aetherdsp.io.driver.BlockHook;

/**
 * Where MIDI enters the engine. Drivers and devices put short messages in; once per engine
 * block, on the RT thread, the messages due in that block are laid out with their frame offsets
 * for {@link MidiKeys} nodes (notes: sample-accurate when stamped), and control changes are
 * passed on to a control thread ({@link ControlChanges}), which sets the mapped parameters.
 *
 * <p>Threads: one producer ({@link #offer}: the JACK process callback, or {@link #send}: the
 * javax.sound.midi device's thread; not both), the RT thread ({@link #beforeBlock} and the
 * nodes reading the block's events), and one control thread taking control changes. Nothing
 * here allocates after construction.
 */
public final class MidiInput implements MidiEventSink, Receiver, BlockHook {

    /** Most note events laid out per block; later ones wait for the next block. */
    public static final int MAX_EVENTS_PER_BLOCK = 256;

    private final MidiRing in;
    private final MidiRing controlChanges;
    private volatile int latency;

    // RT thread only: this block's note events.
    private final int[] offsets = new int[MAX_EVENTS_PER_BLOCK];
    private final int[] messages = new int[MAX_EVENTS_PER_BLOCK];
    private int count;
    private long serial;

    /** An input with room for 1024 pending events each way. */
    public MidiInput() {
        this(1024);
    }

    /** @param capacity pending events held each way (incoming, and control changes for the control thread) */
    public MidiInput(int capacity) {
        this.in = new MidiRing(capacity);
        this.controlChanges = new MidiRing(capacity);
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
     * javax.sound.midi: a device's transmitter delivers here (its thread is the producer).
     * The device's time stamps are on its own clock, so messages apply at the next block.
     */
    @Override
    public void send(MidiMessage message, long timeStamp) {
        if (message instanceof ShortMessage) {
            ShortMessage m = (ShortMessage) message;
            offer(-1, m.getStatus(), m.getData1(), m.getData2());
        }
    }

    @Override
    public void close() {
        // Nothing to release: a receiver of a device that was closed.
    }

    /**
     * Lays out the events due before {@code frame + blockSize}: stamped events at their offset
     * in the block (late ones at 0), unstamped ones at 0. Control changes go to the control
     * thread's ring instead. RT thread.
     */
    @Override
    public void beforeBlock(long frame, int blockSize) {
        int n = 0;
        long end = frame + blockSize;
        while (!in.isEmpty() && n < MAX_EVENTS_PER_BLOCK) {
            long at = in.peekFrame();
            if (at >= end) {
                break;
            }
            int message = in.peekMessage();
            in.remove();
            if ((message & 0xF0) == ShortMessage.CONTROL_CHANGE) {
                controlChanges.offer(at, message & 0xFF, (message >> 8) & 0x7F, (message >> 16) & 0x7F);
                continue;
            }
            int offset = at <= frame ? 0 : (int) (at - frame);
            offsets[n] = n > 0 && offset < offsets[n - 1] ? offsets[n - 1] : offset; // keep the order
            messages[n] = message;
            n++;
        }
        count = n;
        serial++;
    }

    /** @return a number that changes with every block laid out; RT thread */
    public long serial() {
        return serial;
    }

    /** @return note and other channel events in the current block; RT thread */
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

    /** @return the control changes waiting for the control thread (its consumer) */
    MidiRing controlChanges() {
        return controlChanges;
    }

    /** @return events dropped because a ring was full */
    public long dropped() {
        return in.dropped() + controlChanges.dropped();
    }
}
