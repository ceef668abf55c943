package org.aetherdsp.io.midi;

/**
 * Where a driver delivers MIDI short messages. {@link #offer} is called on the driver's
 * thread (the JACK process callback: an RT thread) and must not allocate, lock or block.
 */
public interface MidiEventSink {

    /**
     * One short message. RT or MIDI thread; allocation-free.
     *
     * @param frame  the host frame, counted from the driver's start, at which the message
     *               arrived; negative when the driver has no timestamp (apply as soon as possible)
     * @param status the status byte (0x80..0xEF)
     * @param data1  first data byte, 0..127
     * @param data2  second data byte, 0..127 (0 for one-byte messages)
     */
    void offer(long frame, int status, int data1, int data2);

    /**
     * Told once by the driver before it starts: stamped events should take effect this many
     * frames after their {@code frame}, because blocks are rendered up to this much ahead of
     * the callback that plays them. Control thread.
     *
     * @param frames the delay, 0 or more
     */
    default void latencyFrames(int frames) {
    }
}
