package org.aetherdsp.io.jack;

import java.nio.FloatBuffer;
import java.util.EnumSet;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;

/** A second JACK client that records its input ports into preallocated arrays (the loop back). */
final class JackRecorder implements AutoCloseable {

    private final JackClient client;
    private final JackPort[] ports;
    final float[][] recorded;
    private volatile int frames;
    /** Set by {@link #close} before it deactivates: no cycle after that is recorded. */
    private volatile boolean stopped;

    JackRecorder(String name, int channels, int capacity) throws JackException {
        client = Jack.getInstance().openClient(name, EnumSet.of(JackOptions.JackNoStartServer), EnumSet.noneOf(JackStatus.class));
        ports = new JackPort[channels];
        for (int c = 0; c < channels; c++) {
            ports[c] = client.registerPort("in_" + c, JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
        }
        recorded = new float[channels][capacity];
        PortBuffers buffers = new PortBuffers(ports);
        client.setProcessCallback((cl, n) -> {
            if (stopped) {
                return true;
            }
            int at = frames;
            int take = Math.min(n, capacity - at);
            for (int c = 0; c < ports.length; c++) {
                FloatBuffer fb = buffers.get(c, n);
                if (fb != null) {
                    fb.get(0, recorded[c], at, take);
                }
            }
            frames = at + take;
            return true;
        });
        client.setBuffersizeCallback((cl, n) -> buffers.resize(n));
        client.activate();
    }

    String port(int channel) {
        return ports[channel].getName();
    }

    int frames() {
        return frames;
    }

    /**
     * Waits until {@code count} frames are recorded (at most the capacity). How long that takes
     * is the server's business: the dummy backend paces cycles by the clock but skips some on a
     * loaded machine, so a test waits for audio, not for wall-clock seconds.
     *
     * @param count   frames to wait for
     * @param timeout the longest wait
     * @throws AssertionError if they did not come in time, saying how many did
     */
    void awaitFrames(int count, java.time.Duration timeout) throws InterruptedException {
        int want = Math.min(count, recorded[0].length);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (frames < want) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + frames + " of " + want + " frames recorded in " + timeout.toSeconds() + " s");
            }
            Thread.sleep(10);
        }
    }

    /**
     * Stops recording, then leaves the server. jackd2 disconnects a client's ports before it takes
     * the client out of the process graph (JackEngine::ClientDeactivate), so a recorder still
     * recording then would record a few cycles of silence at the end (a CI run failed so: zeros
     * from engine frame 150,912 on, just after the test stopped waiting). What is recorded up to
     * {@link #frames()} was all read through connected ports: the cycle that sees the flag was
     * set up before the deactivation was even requested.
     */
    @Override
    public void close() {
        stopped = true;
        client.deactivate();
        client.close();
    }
}
