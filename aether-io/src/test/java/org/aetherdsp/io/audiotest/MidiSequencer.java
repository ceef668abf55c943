package org.aetherdsp.io.audiotest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackException;

/**
 * jackd2's {@code jack_midiseq}, a JACK client that loops a note sequence on its port
 * {@code NAME:out}: a real outside MIDI source for the tests. {@link #start} returns once the
 * port is registered, so a test can connect it at once; {@link #close} stops the client.
 */
public final class MidiSequencer implements AutoCloseable {

    private final Process process;
    private final String port;

    private MidiSequencer(Process process, String port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts {@code jack_midiseq NAME LOOP START KEY LENGTH ...} on the test's JACK server.
     *
     * @param name       the client's name; its port is {@code name + ":out"}
     * @param loopFrames the loop's length in frames
     * @param notes      triples of (start frame in the loop, MIDI key, length in frames)
     * @return the sequencer, its port registered
     * @throws AssertionError if the port did not appear within 5 s (or the program ended)
     */
    public static MidiSequencer start(String name, int loopFrames, int... notes)
            throws IOException, InterruptedException, JackException {
        if (notes.length % 3 != 0) {
            throw new IllegalArgumentException("notes come in triples (start, key, length), got " + notes.length + " numbers");
        }
        List<String> command = new ArrayList<>(List.of("jack_midiseq", name, Integer.toString(loopFrames)));
        for (int note : notes) {
            command.add(Integer.toString(note));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        MidiSequencer seq = new MidiSequencer(process, name + ":out");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Jack.getInstance().getPorts(seq.port, null, null).length == 0) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                seq.close();
                throw new AssertionError("jack_midiseq did not register " + seq.port
                        + (process.isAlive() ? " in 5 s" : ": it exited with " + process.exitValue()));
            }
            Thread.sleep(50);
        }
        return seq;
    }

    /** @return its output port, {@code NAME:out} */
    public String port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
