package org.aetherdsp.io.jack;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.io.driver.AudioDriver;
import org.aetherdsp.io.driver.BlockAdapter;
import org.aetherdsp.io.driver.CallbackProbe;
import org.aetherdsp.io.driver.DriverCounters;
import org.aetherdsp.io.driver.DriverException;
import org.aetherdsp.io.driver.DriverStats;
import org.aetherdsp.io.driver.RealtimeScheduling;
import org.aetherdsp.io.midi.MidiInput;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;

/**
 * Plays an engine through a JACK server (through jnajack): the engine's {@code process} runs
 * inside JACK's process callback.
 *
 * <ul>
 *   <li>One JACK output port per host channel, named {@code out_0}, {@code out_1}, ... after
 *       the engine's channel index; optionally connected to given ports on start.</li>
 *   <li>One JACK input port per host input channel of the engine
 *       ({@link Engine.Builder#inputChannels}), named {@code in_0}, {@code in_1}, ..., read in
 *       the same process cycle that writes the outputs: when the JACK buffer is a multiple of
 *       the block, what comes in at frame t of a cycle is processed into frame t of that
 *       cycle's output, with no extra period of latency; other buffer sizes delay the input by
 *       {@link #inputLatencyFrames()} (see {@link BlockAdapter}).</li>
 *   <li>Any JACK buffer size: blocks are adapted by a {@link BlockAdapter} (no added audio
 *       latency; MIDI delayed by {@link BlockAdapter#eventLatencyFrames} when the buffer is
 *       not a multiple of the block).</li>
 *   <li>Xruns are counted from JACK's xrun callback.</li>
 *   <li>Optionally a JACK MIDI input port {@code midi_in} whose events, with their frame
 *       offsets, are handed to a {@link MidiInput} at the start of each cycle.</li>
 * </ul>
 * The server's sample rate must equal the engine's (JACK does not resample).
 *
 * <p>JACK's process thread allocates nothing in steady state, the binding's dispatch included:
 * the process callback and the port buffers are bound directly ({@link DirectJack}), and
 * {@code JackDriverTest} checks the thread's allocated-bytes counter across whole cycles. The
 * callback never locks or blocks. Where that binding cannot be made (see
 * {@link DirectJack}), the callback goes through jnajack, whose dispatch allocates about 24 B
 * per port and cycle.
 */
public final class JackDriver implements AudioDriver {

    /** JACK's largest buffer size; the callback works through bigger requests in chunks anyway. */
    private static final int CHUNK = 8192;

    private final Engine engine;
    private final String clientName;
    private final List<String> connectTo;
    private final CallbackProbe probe;
    private final MidiInput midi;
    /** The real-time priority to give JACK's process thread if the server does not; 0 for none. */
    private final int realtimePriority;

    private final BlockAdapter adapter;
    private final float[][] scratch;
    /** The input ports' frames of the current chunk, one array per host input channel. RT thread. */
    private final float[][] inScratch;
    private final DriverCounters counters = new DriverCounters();

    private JackClient client;
    private JackPort[] ports;
    private JackPort[] inPorts;
    private PortBuffers inBuffers;
    /** Direct binding: the {@code jack_port_t*} of each input port, and their buffers in the current cycle. */
    private long[] inHandles;
    private long[] cycleInBuffers;
    private PortBuffers buffers;
    private JackPort midiPort;
    /** Whether the process cycle is bound directly (set in start, before activation). */
    private boolean direct;
    /** Direct binding: the {@code jack_port_t*} of each output port, and of {@code midi_in} (or 0). */
    private long[] portHandles;
    private long midiHandle;
    /** Direct binding: the output ports' buffers in the current cycle. RT thread. */
    private long[] cycleBuffers;
    /** Direct binding: referenced as long as the client lives (JNA frees a collected callback's entry point). */
    private DirectJack.ProcessCallback processCallback;
    private final JackMidiReader midiReader = new JackMidiReader();
    private volatile int bufferSize;
    private int jackRate;
    /** How JACK's process thread is scheduled, for {@link #describe}; null if not known. */
    private String scheduling;
    private volatile boolean running;
    /** Host frames played before the current cycle. RT thread. */
    private long cycleStart;

    private JackDriver(Builder b) {
        this.engine = b.engine;
        this.clientName = b.clientName;
        this.connectTo = List.copyOf(b.connectTo);
        this.probe = b.probe;
        this.midi = b.midi;
        this.realtimePriority = b.realtimePriority;
        this.adapter = new BlockAdapter(engine, b.midi);
        this.scratch = new float[engine.outputChannels()][CHUNK];
        this.inScratch = new float[engine.inputChannels()][CHUNK];
        counters.register(engine, b.midi);
    }

    /**
     * @param engine the engine to play; nothing else may call its {@code process} while the driver runs
     * @return a builder
     */
    public static Builder builder(Engine engine) {
        return new Builder(engine);
    }

    @Override
    public synchronized void start() {
        if (client != null) {
            throw new IllegalStateException("the JACK driver is already started");
        }
        EnumSet<JackStatus> status = EnumSet.noneOf(JackStatus.class);
        JackClient c = null;
        try {
            c = Jack.getInstance().openClient(clientName, EnumSet.of(JackOptions.JackNoStartServer), status);
            jackRate = c.getSampleRate();
            if (jackRate != Math.round(engine.sampleRate())) {
                throw new DriverException("the JACK server runs at " + jackRate + " Hz but the engine at "
                        + Math.round(engine.sampleRate()) + " Hz; JACK does not resample (start jackd with -r "
                        + Math.round(engine.sampleRate()) + " or set the patch's sampleRate)");
            }
            bufferSize = c.getBufferSize();
            ports = new JackPort[engine.outputChannels()];
            for (int ch = 0; ch < ports.length; ch++) {
                ports[ch] = c.registerPort("out_" + ch, JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
            }
            buffers = new PortBuffers(ports);
            inPorts = new JackPort[engine.inputChannels()];
            for (int ch = 0; ch < inPorts.length; ch++) {
                inPorts[ch] = c.registerPort("in_" + ch, JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
            }
            inBuffers = new PortBuffers(inPorts);
            if (midi != null) {
                midiPort = c.registerPort("midi_in", JackPortType.MIDI, JackPortFlags.JackPortIsInput);
                midi.latencyFrames(BlockAdapter.eventLatencyFrames(bufferSize, engine.blockSize()));
            }
            c.setXrunCallback(cl -> counters.xrun());
            // A new buffer size needs, through jnajack, port views of the new length (see PortBuffers) and, when
            // blocks start to straddle buffers, a new MIDI delay; the callback itself works in
            // chunks of at most CHUNK, so its own memory suffices.
            c.setBuffersizeCallback((cl, frames) -> {
                if (!direct) {
                    buffers.resize(frames); // the direct binding asks JACK for each cycle's buffers itself
                    inBuffers.resize(frames);
                }
                bufferSize = frames;
                if (midi != null) {
                    midi.latencyFrames(BlockAdapter.eventLatencyFrames(frames, engine.blockSize()));
                }
            });
            c.onShutdown(cl -> running = false);
            registerProcessCallback(c);
            counters.started();
            running = true;
            c.activate();
            client = c;
            scheduling = scheduleProcessThread(c);
            connectPorts();
        } catch (JackException e) {
            running = false;
            closeQuietly(c);
            throw new DriverException("cannot open a JACK client '" + clientName + "': " + e.getMessage()
                    + (status.isEmpty() ? "" : " (status " + status + ")")
                    + "; is a JACK server running (e.g. jackd -d dummy -r 48000 -p 64)?", e);
        } catch (RuntimeException e) {
            running = false;
            client = null;
            closeQuietly(c);
            throw e;
        }
    }

    /**
     * Binds the process callback directly where possible ({@link DirectJack}: nothing allocated
     * on JACK's process thread), through jnajack otherwise. Control thread, before activation.
     */
    private void registerProcessCallback(JackClient c) throws JackException {
        direct = DirectJack.isAvailable() && (midiPort == null || JackMidiReader.isDirect());
        if (!direct) {
            c.setProcessCallback((cl, frames) -> process(frames));
            return;
        }
        long clientAddress = DirectJack.clientAddress(c);
        portHandles = new long[ports.length];
        for (int ch = 0; ch < ports.length; ch++) {
            portHandles[ch] = portHandle(clientAddress, ports[ch]);
        }
        midiHandle = midiPort == null ? 0 : portHandle(clientAddress, midiPort);
        cycleBuffers = new long[ports.length];
        inHandles = new long[inPorts.length];
        for (int ch = 0; ch < inPorts.length; ch++) {
            inHandles[ch] = portHandle(clientAddress, inPorts[ch]);
        }
        cycleInBuffers = new long[inPorts.length];
        processCallback = new ProcessCycle();
        int ret = DirectJack.setProcessCallback(clientAddress, processCallback, clientName + " (JACK process)");
        if (ret != 0) {
            throw new JackException("jack_set_process_callback returned " + ret);
        }
    }

    /**
     * Gives JACK's process thread the real-time priority asked for, unless the server already
     * runs it under real-time scheduling; returns how the thread is scheduled. Control thread,
     * after activation.
     *
     * @throws DriverException if a priority was asked for and cannot be had
     */
    private String scheduleProcessThread(JackClient c) {
        if (!direct) {
            if (realtimePriority != 0) {
                throw new DriverException("a real-time priority for JACK's process thread needs libjack bound directly"
                        + " (a 64-bit JVM and libjack.so.0), which is not possible here");
            }
            return null;
        }
        long clientAddress = DirectJack.clientAddress(c);
        int serverPriority = DirectJack.serverRealtimePriority(clientAddress);
        if (serverPriority > 0) {
            return "process thread real-time at priority " + serverPriority + " (the JACK server's)";
        }
        if (realtimePriority == 0) {
            return "process thread under ordinary scheduling (the JACK server is not real-time)";
        }
        int ret = DirectJack.acquireRealtime(clientAddress, realtimePriority);
        if (ret != 0) {
            throw new DriverException("JACK could not put its process thread under real-time scheduling at priority "
                    + realtimePriority + " (jack_acquire_real_time_scheduling returned " + ret
                    + "): it needs root, CAP_SYS_NICE or an rtprio limit; or start jackd with --realtime");
        }
        return "process thread real-time at priority " + realtimePriority + " (set by the driver: the JACK server is"
                + " not real-time)";
    }

    private static long portHandle(long clientAddress, JackPort port) throws JackException {
        long handle = DirectJack.port(clientAddress, port.getName());
        if (handle == 0) {
            throw new JackException("JACK does not know the port " + port.getName() + " just registered");
        }
        return handle;
    }

    private void connectPorts() throws JackException {
        for (int i = 0; i < connectTo.size() && i < ports.length; i++) {
            String target = connectTo.get(i);
            try {
                Jack.getInstance().connect(client, ports[i].getName(), target);
            } catch (JackException e) {
                throw new DriverException("cannot connect JACK port " + ports[i].getName() + " to '" + target + "': "
                        + e.getMessage(), e);
            }
        }
    }

    /** The JACK process callback. RT thread: allocation-free, lock-free, never throws. */
    private boolean process(int frames) {
        probe.enter();
        long t0 = System.nanoTime();
        int channels = scratch.length;
        int inputs = inScratch.length;
        if (direct) {
            for (int ch = 0; ch < channels; ch++) {
                cycleBuffers[ch] = DirectJack.buffer(portHandles[ch], frames);
            }
            for (int ch = 0; ch < inputs; ch++) {
                cycleInBuffers[ch] = DirectJack.buffer(inHandles[ch], frames);
            }
            if (midiHandle != 0) {
                midiReader.readAt(DirectJack.buffer(midiHandle, frames), cycleStart, midi);
            }
        } else if (midiPort != null) {
            midiReader.read(midiPort, cycleStart, midi);
        }
        int done = 0;
        if (inputs != 0) {
            adapter.period(frames);
        }
        while (done < frames) {
            int n = Math.min(CHUNK, frames - done);
            if (inputs != 0) {
                for (int ch = 0; ch < inputs; ch++) {
                    input(ch, frames, done, n);
                }
                adapter.render(inScratch, 0, scratch, 0, n);
            } else {
                adapter.render(scratch, 0, n);
            }
            for (int ch = 0; ch < channels; ch++) {
                output(ch, frames, done, n);
            }
            done += n;
        }
        cycleStart += frames;
        counters.callback(frames, System.nanoTime() - t0);
        probe.exit();
        return true;
    }

    /** The directly bound process callback (a named class: JNA inspects the callback's class). */
    private final class ProcessCycle implements DirectJack.ProcessCallback {
        @Override
        public int invoke(int nframes, long arg) {
            return process(nframes) ? 0 : 1;
        }
    }

    /** Copies {@code n} frames of input port {@code ch} from frame {@code done} into {@link #inScratch}. RT thread. */
    private void input(int ch, int frames, int done, int n) {
        float[] dst = inScratch[ch];
        if (direct) {
            long address = cycleInBuffers[ch];
            if (address != 0) {
                DirectJack.read(address + (long) Float.BYTES * done, dst, 0, n);
            } else {
                java.util.Arrays.fill(dst, 0, n, 0f);
            }
            return;
        }
        FloatBuffer fb = inBuffers.get(ch, frames);
        if (fb != null) {
            fb.get(done, dst, 0, n); // absolute bulk get
        } else {
            java.util.Arrays.fill(dst, 0, n, 0f);
        }
    }

    /** Copies {@code n} rendered frames of channel {@code ch} to its port at frame {@code done}. RT thread. */
    private void output(int ch, int frames, int done, int n) {
        if (direct) {
            long address = cycleBuffers[ch];
            if (address != 0) {
                DirectJack.write(address + (long) Float.BYTES * done, scratch[ch], 0, n);
            }
            return;
        }
        FloatBuffer fb = buffers.get(ch, frames);
        if (fb != null) {
            fb.put(done, scratch[ch], 0, n); // absolute bulk put: no position state to reset
        }
    }

    /** @return whether the process cycle is bound directly, allocating nothing (after {@link #start}) */
    boolean isProcessDirect() {
        return direct;
    }

    @Override
    public synchronized void close() {
        JackClient c = client;
        client = null;
        running = false;
        closeQuietly(c);
    }

    private static void closeQuietly(JackClient c) {
        if (c != null) {
            c.deactivate(); // returns once the process callback has left
            c.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public DriverStats stats() {
        return counters.snapshot();
    }

    /** @return the full JACK names of the output ports, one per host channel (after {@link #start}) */
    public synchronized List<String> portNames() {
        List<String> names = new ArrayList<>();
        if (ports != null) {
            for (JackPort p : ports) {
                names.add(p.getName());
            }
        }
        return names;
    }

    /**
     * Connects a JACK MIDI output port to this driver's {@code midi_in}. Control thread, after
     * {@link #start}.
     *
     * @param source the full name of a MIDI output port, e.g. {@code a2j:keyboard [20] (capture): port}
     * @throws DriverException if the driver has no MIDI input or JACK refuses the connection
     */
    public synchronized void connectMidiFrom(String source) {
        if (client == null || midiPort == null) {
            throw new DriverException("the JACK driver has no MIDI input port to connect '" + source + "' to"
                    + (client == null ? " (not started)" : ""));
        }
        try {
            Jack.getInstance().connect(client, source, midiPort.getName());
        } catch (JackException e) {
            throw new DriverException("cannot connect JACK MIDI port '" + source + "' to " + midiPort.getName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** @return the full JACK name of the MIDI input port, or null without MIDI input */
    public synchronized String midiPortName() {
        return midiPort == null ? null : midiPort.getName();
    }

    /** @return the full JACK names of the input ports, one per host input channel (after {@link #start}) */
    public synchronized List<String> inputPortNames() {
        List<String> names = new ArrayList<>();
        if (inPorts != null) {
            for (JackPort p : inPorts) {
                names.add(p.getName());
            }
        }
        return names;
    }

    /**
     * Connects JACK ports to this driver's input ports {@code in_0}, {@code in_1}, ... in order.
     * Control thread, after {@link #start}.
     *
     * @param sources full JACK port names (e.g. {@code system:capture_1}); fewer than the inputs leaves the rest unconnected
     * @throws DriverException if JACK refuses a connection, or there are more sources than inputs
     */
    public synchronized void connectInputsFrom(List<String> sources) {
        if (client == null) {
            throw new DriverException("the JACK driver is not started: cannot connect its inputs");
        }
        if (sources.size() > inPorts.length) {
            throw new DriverException(sources.size() + " ports to connect, but the engine has " + inPorts.length
                    + " input channels (in_0.." + (inPorts.length - 1) + ")");
        }
        for (int i = 0; i < sources.size(); i++) {
            try {
                Jack.getInstance().connect(client, sources.get(i), inPorts[i].getName());
            } catch (JackException e) {
                throw new DriverException("cannot connect JACK port '" + sources.get(i) + "' to " + inPorts[i].getName()
                        + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public int inputLatencyFrames() {
        return engine.inputChannels() == 0 ? 0
                : engine.latencyFrames() + BlockAdapter.eventLatencyFrames(bufferSize, engine.blockSize());
    }

    /** @return the JACK buffer size in frames (after {@link #start}) */
    public int bufferSize() {
        return bufferSize;
    }

    @Override
    public String describe() {
        return "jack client '" + clientName + "', " + jackRate + " Hz, buffer " + bufferSize + " frames ("
                + String.format(java.util.Locale.ROOT, "%.2f ms", bufferSize * 1000.0 / Math.max(1, jackRate)) + "), "
                + BlockAdapter.describe(bufferSize, engine.blockSize())
                + (engine.inputChannels() == 0 ? "" : ", " + engine.inputChannels() + " input port" + (engine.inputChannels() == 1 ? "" : "s")
                + " (in_0..), input to output latency " + inputLatencyFrames() + " frames"
                + (inputLatencyFrames() == 0 ? " (same cycle)" : ""))
                + (midi == null ? "" : ", MIDI in " + clientName + ":midi_in")
                + (scheduling == null ? "" : ", " + scheduling);
    }

    /** Configures a {@link JackDriver}. */
    public static final class Builder {
        private final Engine engine;
        private String clientName = "aether";
        private final List<String> connectTo = new ArrayList<>();
        private CallbackProbe probe = CallbackProbe.NONE;
        private MidiInput midi;
        private int realtimePriority;

        private Builder(Engine engine) {
            this.engine = java.util.Objects.requireNonNull(engine, "engine");
        }

        /**
         * Asks for real-time scheduling ({@code SCHED_FIFO}) of JACK's process thread, the
         * engine's RT thread, where the server does not give it: a JACK server started without
         * {@code --realtime} runs its clients' process threads under ordinary scheduling, where
         * any busy thread (the control thread compiling plans, the JIT, the collector) can
         * preempt a block. A real-time server's own priority is kept. {@link JackDriver#start}
         * fails if the priority cannot be had (it needs root, {@code CAP_SYS_NICE} or an
         * {@code rtprio} limit), rather than play without it.
         *
         * @param priority 1 (lowest) to 99; 0 (the default) asks nothing
         * @return this
         * @throws IllegalArgumentException if it is outside 0..99
         */
        public Builder realtimePriority(int priority) {
            this.realtimePriority = priority == 0 ? 0 : RealtimeScheduling.checkPriority(priority);
            return this;
        }

        /**
         * @param name the JACK client name (default {@code aether}); the ports are {@code name:out_0}, ...
         * @return this
         */
        public Builder clientName(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("the JACK client name must not be blank");
            }
            this.clientName = name;
            return this;
        }

        /**
         * @param ports full JACK port names to connect host channels 0, 1, ... to on start
         *              (e.g. {@code system:playback_1}); fewer than the channels leaves the rest unconnected
         * @return this
         */
        public Builder connectTo(List<String> ports) {
            connectTo.clear();
            connectTo.addAll(ports);
            return this;
        }

        /**
         * @param p observes every process callback on the RT thread (tests measure allocation with it)
         * @return this
         */
        public Builder probe(CallbackProbe p) {
            this.probe = java.util.Objects.requireNonNull(p, "probe");
            return this;
        }

        /**
         * @param input receives the events of a JACK MIDI input port {@code midi_in}, stamped with
         *              their frame (sample-accurate); null (the default) registers no MIDI port
         * @return this
         */
        public Builder midiInput(MidiInput input) {
            this.midi = input;
            return this;
        }

        /** @return the driver, not started */
        public JackDriver build() {
            return new JackDriver(this);
        }
    }
}
