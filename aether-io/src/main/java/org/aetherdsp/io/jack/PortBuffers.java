package org.aetherdsp.io.jack;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.jaudiolibs.jnajack.JackPort;

/**
 * The audio buffers of some JACK ports, long enough for the current cycle.
 *
 * <p>jnajack renews a port's {@code FloatBuffer} only when JACK hands out a new address. After
 * a buffer-size change JACK may keep the address (port memory is allocated for the largest
 * size), and jnajack's buffer is then too short. So when the size changes, {@link #resize}
 * (on JACK's notification thread, never concurrently with the process callback) makes views
 * of the new length over the same addresses; {@link #get} (the process callback) only picks
 * them, allocating nothing.
 */
final class PortBuffers {

    /** Views made by {@link #resize}: {@code view[i]} covers the memory of {@code from[i]}. */
    private record Widened(FloatBuffer[] from, FloatBuffer[] view) {
    }

    private final JackPort[] ports;
    /** Published by {@link #resize}, read by the process callback. */
    private volatile Widened widened;

    PortBuffers(JackPort[] ports) {
        this.ports = ports;
    }

    /**
     * RT thread (the process callback); allocation-free.
     *
     * @param port   the port's index
     * @param frames the cycle's frame count
     * @return the port's buffer, at least {@code frames} long and valid in this cycle only, or
     *         null if there is none that long (the port is left untouched for this cycle)
     */
    FloatBuffer get(int port, int frames) {
        FloatBuffer fb = ports[port].getFloatBuffer();
        if (fb != null && fb.capacity() >= frames) {
            return fb;
        }
        Widened w = widened;
        if (w != null && fb != null && w.from()[port] == fb && w.view()[port].capacity() >= frames) {
            return w.view()[port];
        }
        return null;
    }

    /**
     * Makes views of {@code frames} frames over the ports' current buffers. Called from JACK's
     * buffer-size callback, which JACK never runs concurrently with the process callback, so
     * jnajack's buffer fields (last written by the process callback) are settled here.
     *
     * @param frames the new buffer size
     */
    void resize(int frames) {
        FloatBuffer[] from = new FloatBuffer[ports.length];
        FloatBuffer[] view = new FloatBuffer[ports.length];
        for (int i = 0; i < ports.length; i++) {
            FloatBuffer fb = ports[i].getFloatBuffer();
            from[i] = fb;
            if (fb != null && fb.capacity() < frames) {
                long address = Pointer.nativeValue(Native.getDirectBufferPointer(fb));
                view[i] = new Pointer(address).getByteBuffer(0, 4L * frames).order(ByteOrder.nativeOrder()).asFloatBuffer();
            } else {
                view[i] = fb;
            }
        }
        widened = new Widened(from, view);
    }
}
