package org.aetherdsp.io.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.io.audiotest.JackServer;
import org.aetherdsp.io.audiotest.TestPatch;
import org.aetherdsp.io.audiotest.ThreadAllocation;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sound in through JACK, against a real jackd (dummy backend, 64-frame cycles): a second JACK
 * client plays seeded noise into the driver's {@code in_0}/{@code in_1}; a recorder client
 * records both that source and the driver's outputs in the same cycles. What the driver put out
 * must equal the offline processing of what it was given, bit for bit, at the latency it
 * reports (0 here: the JACK buffer equals the block).
 */
@ExtendWith(JackServer.class)
class JackInputTest {

    private static final int RATE = JackServer.RATE;

    /** A JACK client that plays a fixed signal on its outputs once told to start, silence before. */
    static final class Source implements AutoCloseable {
        private final JackClient client;
        private final JackPort[] ports;
        private final float[][] signal;
        private volatile boolean playing;
        private int position;

        Source(String name, float[][] signal) throws JackException {
            this.signal = signal;
            client = Jack.getInstance().openClient(name, EnumSet.of(JackOptions.JackNoStartServer),
                    EnumSet.noneOf(JackStatus.class));
            ports = new JackPort[signal.length];
            for (int c = 0; c < signal.length; c++) {
                ports[c] = client.registerPort("out_" + c, JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
            }
            PortBuffers buffers = new PortBuffers(ports);
            client.setProcessCallback((cl, n) -> {
                boolean on = playing;
                for (int c = 0; c < ports.length; c++) {
                    FloatBuffer fb = buffers.get(c, n);
                    if (fb == null) {
                        continue;
                    }
                    for (int i = 0; i < n; i++) {
                        int at = position + i;
                        fb.put(i, on && at < signal[c].length ? signal[c][at] : 0f);
                    }
                }
                if (on) {
                    position += n;
                }
                return true;
            });
            client.setBuffersizeCallback((cl, n) -> buffers.resize(n));
            client.activate();
        }

        String port(int c) {
            return ports[c].getName();
        }

        void connect(String from, String to) throws JackException {
            Jack.getInstance().connect(client, from, to);
        }

        void play() {
            playing = true;
        }

        @Override
        public void close() {
            client.deactivate();
            client.close();
        }
    }

    /**
     * Runs another engine of the same patch through a block adapter offline, over the signal, so
     * that the JIT has compiled the code the callback runs (JIT requests charge the requesting
     * thread a few hundred bytes once); the engine under test stays fresh.
     */
    private static void warmUp(float[][] signal) {
        org.aetherdsp.io.driver.BlockAdapter adapter = new org.aetherdsp.io.driver.BlockAdapter(TestPatch.buildEffect(64));
        float[][] in = new float[2][JackServer.PERIOD];
        float[][] out = new float[2][JackServer.PERIOD];
        for (int round = 0; round < 3; round++) {
            for (int at = 0; at + JackServer.PERIOD <= signal[0].length; at += JackServer.PERIOD) {
                for (int c = 0; c < 2; c++) {
                    System.arraycopy(signal[c], at, in[c], 0, JackServer.PERIOD);
                }
                adapter.period(JackServer.PERIOD);
                adapter.render(in, 0, out, 0, JackServer.PERIOD);
            }
        }
    }

    @Test
    void whatComesOutIsTheOfflineProcessingOfWhatWentInAtTheReportedLatency() throws Exception {
        double seconds = 6;
        Random rnd = new Random(15);
        float[][] signal = new float[2][(int) (seconds * RATE)];
        for (float[] ch : signal) {
            for (int i = 0; i < ch.length; i++) {
                ch[i] = (float) ((rnd.nextDouble() * 2 - 1) * 0.4);
            }
        }
        warmUp(signal);
        Engine engine = TestPatch.buildEffect(64);
        // Measured from 3 s on: 1.5 s of silence, then 1.5 s of the signal, whose first second once
        // charged the callback 2,024 bytes (a late C2 compilation: see AllocationProbe).
        ThreadAllocation probe = new ThreadAllocation(3 * RATE / JackServer.PERIOD, () -> { });
        int capacity = (int) ((seconds + 2) * RATE);
        JackRecorder recorder = new JackRecorder("recorder-in", 4, capacity);
        Source source = new Source("source", signal);
        JackDriver driver = JackDriver.builder(engine).clientName("aether-in")
                .connectTo(List.of(recorder.port(2), recorder.port(3))).probe(probe).build();
        int latency;
        String described;
        try {
            driver.start();
            assertEquals(List.of("aether-in:in_0", "aether-in:in_1"), driver.inputPortNames());
            driver.connectInputsFrom(List.of(source.port(0), source.port(1)));
            source.connect(source.port(0), recorder.port(0));
            source.connect(source.port(1), recorder.port(1));
            latency = driver.inputLatencyFrames();
            described = driver.describe();
            // Audio, not wall-clock time, as in JackDriverTest: 1.5 s of silence warms the callback.
            recorder.awaitFrames(recorder.frames() + 3 * RATE / 2, java.time.Duration.ofSeconds(60));
            source.play();
            recorder.awaitFrames(capacity, java.time.Duration.ofSeconds(Math.round(30 + 20 * seconds)));
            assertTrue(driver.isRunning(), "the JACK client was shut down: " + driver.describe());
        } finally {
            recorder.close();
            source.close();
            driver.close();
        }
        assertEquals(0, latency, "64-frame cycles over 64-frame blocks: the same cycle");
        assertTrue(described.contains("input to output latency 0 frames (same cycle)"), described);

        float[][] rec = recorder.recorded;
        int frames = recorder.frames();
        int first = -1;
        for (int i = 0; i < frames && first < 0; i++) {
            if (rec[0][i] != 0f || rec[1][i] != 0f) {
                first = i;
            }
        }
        assertTrue(first >= 0, "the recorder heard no source in " + frames + " frames");
        // The engine had only silence before (its state is still all zeros): process from the cycle the source started.
        int start = first / JackServer.PERIOD * JackServer.PERIOD;
        int span = frames - start;
        assertTrue(span > 0.75 * seconds * RATE, "only " + span + " frames recorded after the source started");
        float[][] given = new float[2][span];
        for (int c = 0; c < 2; c++) {
            System.arraycopy(rec[c], start, given[c], 0, span);
        }
        float[][] reference = TestPatch.processEffect(64, given, span);
        for (int c = 0; c < 2; c++) {
            for (int i = latency; i < span; i++) {
                if (rec[2 + c][start + i] != reference[c][i - latency]) {
                    throw new AssertionError("output " + c + " differs at frame " + i + " after the source started: "
                            + rec[2 + c][start + i] + " vs offline " + reference[c][i - latency]);
                }
            }
        }
        System.out.printf("JACK input: %d frames compared bit for bit; %s; cycles measured %d, allocating cycles %d (%s)%n",
                span, described, probe.measuredCallbacks(), probe.allocatingCycles(), probe.cycleAllocations());
        assertTrue(probe.allocatingCycles() <= 4, probe.allocatingCycles() + " whole cycles allocated after warm-up: "
                + probe.cycleAllocations());
        assertTrue(probe.lastAllocatingCycle() < probe.callbacks() - 1500, "the cycle ending in callback #"
                + probe.lastAllocatingCycle() + " of " + probe.callbacks() + " allocated: " + probe.cycleAllocations());
    }
}
