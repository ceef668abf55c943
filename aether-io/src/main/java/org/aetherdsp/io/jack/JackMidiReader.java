package org.aetherdsp.io.jack;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import org.aetherdsp.io.midi.MidiInput;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackMidi;
import org.jaudiolibs.jnajack.JackPort;

/**
 * Reads a JACK MIDI port's events in the process callback without allocating.
 *
 * <p>jnajack's {@code JackMidi.eventGet} passes a JNA {@code Structure}, which JNA writes
 * and reads back reflectively around the call: about 280 bytes of garbage per event, on the RT
 * thread. Here the two libjack functions are bound directly (JNA direct mapping with raw
 * addresses as {@code long}), the event struct lives in native memory allocated once, and
 * its fields and data bytes are read with plain memory reads. On a platform where that binding
 * cannot be made (not 64-bit, or libjack not found by that name), jnajack's path is used.
 *
 * <p>{@code jack_midi_event_t} on 64-bit: {@code uint32 time} at 0, {@code size_t size} at 8,
 * {@code jack_midi_data_t* buffer} at 16.
 */
final class JackMidiReader {

    private static final boolean DIRECT = DirectJack.register(JackMidiReader.class);
    /** A pointer whose {@code getByte(address)} reads that absolute address. */
    private static final Pointer ABSOLUTE = new Pointer(0);

    private final Memory event = new Memory(24);
    private final long eventAddress = Pointer.nativeValue(event);
    private final JackMidi.Event fallbackEvent = new JackMidi.Event();
    private final byte[] fallbackBytes = new byte[3];
    private ByteBuffer buffer;
    private long bufferAddress;

    private static native int jack_midi_get_event_count(long portBuffer);

    private static native int jack_midi_event_get(long event, long portBuffer, int index);

    /** @return whether events are read without allocating (false: through jnajack, which allocates per event) */
    static boolean isDirect() {
        return DIRECT;
    }

    /**
     * Hands this cycle's events of {@code port} to {@code midi}, stamped with their frame.
     * RT thread (the process callback).
     *
     * @param port       a MIDI input port
     * @param cycleStart the host frame of the cycle's first frame
     * @param midi       where the events go
     */
    void read(JackPort port, long cycleStart, MidiInput midi) {
        if (!DIRECT) {
            readThroughJnajack(port, cycleStart, midi);
            return;
        }
        ByteBuffer b = port.getBuffer();
        if (b != buffer) {
            // jnajack makes a new buffer object only when JACK moves the port's memory (rare),
            // so the address lookup (which allocates a Pointer) happens at most then.
            buffer = b;
            bufferAddress = Pointer.nativeValue(Native.getDirectBufferPointer(b));
        }
        readAt(bufferAddress, cycleStart, midi);
    }

    /**
     * As {@link #read}, from the address of the port's buffer in this cycle (when the driver
     * binds the process cycle itself, see {@link DirectJack}). RT thread; requires
     * {@link #isDirect}.
     *
     * @param portBuffer the MIDI port's {@code jack_port_get_buffer} of this cycle
     * @param cycleStart the host frame of the cycle's first frame
     * @param midi       where the events go
     */
    void readAt(long portBuffer, long cycleStart, MidiInput midi) {
        int count = jack_midi_get_event_count(portBuffer);
        for (int i = 0; i < count; i++) {
            if (jack_midi_event_get(eventAddress, portBuffer, i) != 0) {
                continue;
            }
            int time = event.getInt(0);
            long size = event.getLong(8);
            long data = event.getLong(16);
            if (size < 1 || size > 3) {
                continue; // sysex and other long messages carry nothing we map
            }
            midi.offer(cycleStart + time, ABSOLUTE.getByte(data) & 0xFF, size > 1 ? ABSOLUTE.getByte(data + 1) & 0xFF : 0,
                    size > 2 ? ABSOLUTE.getByte(data + 2) & 0xFF : 0);
        }
    }

    private void readThroughJnajack(JackPort port, long cycleStart, MidiInput midi) {
        try {
            int count = JackMidi.getEventCount(port);
            for (int i = 0; i < count; i++) {
                JackMidi.eventGet(fallbackEvent, port, i);
                int size = fallbackEvent.size();
                if (size < 1 || size > fallbackBytes.length) {
                    continue;
                }
                fallbackEvent.read(fallbackBytes);
                midi.offer(cycleStart + fallbackEvent.time(), fallbackBytes[0] & 0xFF,
                        size > 1 ? fallbackBytes[1] & 0xFF : 0, size > 2 ? fallbackBytes[2] & 0xFF : 0);
            }
        } catch (JackException e) {
            // Only when the native call itself failed: losing this cycle's MIDI is the RT-safe answer.
        }
    }
}
