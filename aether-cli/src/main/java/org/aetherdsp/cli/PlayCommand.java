package org.aetherdsp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.EngineStats;
import org.aetherdsp.io.driver.AudioDriver;
import org.aetherdsp.io.driver.DriverStats;
import org.aetherdsp.io.jack.JackDriver;
import org.aetherdsp.io.jack.LibjackMessages;
import org.aetherdsp.io.javasound.JavaSoundDriver;
import org.aetherdsp.io.midi.ControlChanges;
import org.aetherdsp.io.midi.MidiInput;
import org.aetherdsp.io.midi.MidiKeys;
import org.aetherdsp.state.json.MidiMapping;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aether play}: plays a patch in real time through JACK or javax.sound, with a live
 * status line (block time p99 against the deadline, xruns, CPU share) until {@code --seconds}
 * have passed or Ctrl-C stops it cleanly. On a terminal the status line redraws in place; into
 * a pipe or a file it is one line per interval. libjack's own messages are hidden unless
 * {@code --verbose}.
 */
@Command(name = "play", mixinStandardHelpOptions = true,
        description = "Play a patch in real time through JACK or javax.sound, with a live status line;"
                + " Ctrl-C stops it.")
final class PlayCommand implements Callable<Integer> {

    /** The drivers {@code --driver} accepts. */
    enum DriverKind { jack, javasound }

    private static final long STATUS_PERIOD_MS = 250;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    PluginsOption plugins = new PluginsOption();

    @picocli.CommandLine.Mixin
    WorkersOption workers = new WorkersOption();

    @picocli.CommandLine.Mixin
    LimitOption limit = new LimitOption();

    @Parameters(index = "0", paramLabel = "PATCH", description = "A patch file (JSON or binary).")
    Path patch;

    @Option(names = "--driver", defaultValue = "jack",
            description = "jack or javasound (default: ${DEFAULT-VALUE}).")
    DriverKind driver;

    @Option(names = "--seconds", description = "Stop after this many seconds (default: play until Ctrl-C).")
    Double seconds;

    @Option(names = "--warmup", defaultValue = "2",
            description = "Seconds of a throwaway copy rendered offline first, to warm the JIT (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--client-name", defaultValue = "aether",
            description = "jack: the client name; its ports are NAME:out_0, NAME:out_1, ... (default: ${DEFAULT-VALUE}).")
    String clientName;

    @Option(names = "--connect", split = ",", paramLabel = "PORT",
            description = "jack: ports to connect host channels 0, 1, ... to, e.g. system:playback_1,system:playback_2.")
    List<String> connect = new ArrayList<>();

    @Option(names = "--connect-inputs", split = ",", paramLabel = "PORT",
            description = "jack: ports to connect to the patch's host inputs NAME:in_0, NAME:in_1, ..., e.g. system:capture_1.")
    List<String> connectInputs = new ArrayList<>();

    @Option(names = "--midi-connect", paramLabel = "PORT",
            description = "jack: a JACK MIDI output port to connect to NAME:midi_in (registered when the patch uses MIDI).")
    String midiConnect;

    @Option(names = "--midi-device", paramLabel = "NAME",
            description = "javasound: the javax.sound.midi input device whose name contains NAME.")
    String midiDeviceName;

    @Option(names = "--device", description = "javasound: the first device whose name contains this (default: the default device).")
    String device;

    @Option(names = "--rt-fifo", paramLabel = "PRIORITY", defaultValue = "0",
            description = "Run the RT thread (JACK's process thread, or the javasound writer thread) under SCHED_FIFO at"
                    + " this priority (1..99), so that no ordinary thread can preempt a block. A JACK server started with"
                    + " --realtime keeps its own priority. Linux; needs root, CAP_SYS_NICE or an rtprio limit: playing"
                    + " stops with the reason if it cannot be had (default: ${DEFAULT-VALUE}, ordinary scheduling).")
    int rtFifo;

    /** The restored patch's node ids, named in the OSC address space. */
    private java.util.Map<String, Long> patchIds = java.util.Map.of();

    @Option(names = "--osc", paramLabel = "PORT",
            description = "Also serve OSC on this UDP and TCP port (TCP: SLIP or length-prefixed), on --osc-bind;"
                    + " the address space is in the README (\"Controlling Aether over OSC\").")
    Integer oscPort;

    @Option(names = "--osc-bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The interface the OSC server listens on (default: ${DEFAULT-VALUE}, this machine only).")
    String oscBind;

    @Option(names = "--osc-latency", paramLabel = "SECONDS", defaultValue = "0",
            description = "Added to every OSC bundle's time tag, for clients that tag bundles with the time they send"
                    + " them (default: ${DEFAULT-VALUE}).")
    double oscLatency;

    @Option(names = "--buffer", paramLabel = "FRAMES",
            description = "javasound: the line buffer in frames, i.e. the output latency (default: 20 ms).")
    Integer bufferFrames;

    /**
     * Whether the status line redraws in place ({@code \r}); null: when stdout is a terminal.
     * Tests set it to check both forms.
     */
    Boolean redraw;

    @Override
    public Integer call() throws Exception {
        if (seconds != null && !(seconds > 0 && seconds <= 86_400)) {
            throw Main.usage(spec, "--seconds must be within (0, 86400], got " + seconds);
        }
        if (rtFifo != 0 && (rtFifo < 1 || rtFifo > 99)) {
            throw Main.usage(spec, "--rt-fifo must be within 1..99, got " + rtFifo);
        }
        if (!(warmup >= 0 && warmup <= 60)) {
            throw Main.usage(spec, "--warmup must be within [0, 60] seconds, got " + warmup);
        }
        if (oscPort != null && (oscPort < 0 || oscPort > 65_535)) {
            throw Main.usage(spec, "--osc must be a port within 0..65535, got " + oscPort);
        }
        if (!(oscLatency >= 0 && oscLatency <= 10)) {
            throw Main.usage(spec, "--osc-latency must be within [0, 10] seconds, got " + oscLatency);
        }
        if (bufferFrames != null && (bufferFrames < 1 || bufferFrames > 1 << 20)) {
            throw Main.usage(spec, "--buffer must be within 1..1048576 frames, got " + bufferFrames);
        }
        workers.check(rtFifo);
        if (driver == DriverKind.jack && !Main.verbose(spec)) {
            // Without a server libjack prints its own half-dozen lines before the driver's one.
            LibjackMessages.hide();
        }
        PatchFile file = PatchFile.read(patch, plugins);
        warmUp(file);
        try (Engine engine = workers.applyTo(limit.applyTo(plugins.applyTo(Engine.builder())), rtFifo).startingFrom(file.snapshot()).build()) {
            return play(engine, file); // closing the engine stops its helper workers
        }
    }

    private int play(Engine engine, PatchFile file) throws Exception {
        java.util.Map<String, Long> ids = engine.restore(file.snapshot());
        file.applyTo(engine, ids);
        MidiInput midi = new MidiInput(1024, engine.sampleRate()); // javax.sound.midi time stamps land on their frame
        MidiUse use = MidiUse.bind(engine, file, ids, midi);
        // With --osc, a patch loaded later (/patch/load) may play from MIDI although this one does not.
        boolean midiIn = use.any() || oscPort != null;
        AudioDriver audio = open(engine, midiIn ? midi : null);
        patchIds = ids;
        PrintWriter out = spec.commandLine().getOut();
        AtomicBoolean finished = new AtomicBoolean();
        long[] startNanos = {0};
        Thread hook = new Thread(() -> {
            // Ctrl-C (or SIGTERM): stop the audio, then say what happened, once.
            audio.close();
            if (finished.compareAndSet(false, true)) {
                summary(out, "stopped (interrupted)", engine, audio, startNanos[0]);
            }
        }, "aether-play-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        org.aetherdsp.osc.OscServer osc = null;
        try {
            audio.start();
            if (!connectInputs.isEmpty()) {
                ((JackDriver) audio).connectInputsFrom(connectInputs);
            }
            startNanos[0] = System.nanoTime();
            if (oscPort != null) {
                osc = org.aetherdsp.osc.OscServer.builder(engine).port(oscPort)
                        .bind(java.net.InetAddress.getByName(oscBind)).latency(oscLatency).nodeIds(patchIds)
                        .patchLoader((e, path) -> {
                            PatchFile more = PatchFile.read(java.nio.file.Path.of(path), plugins);
                            java.util.Map<String, Long> loaded = e.restore(more.snapshot());
                            more.applyTo(e, loaded);
                            // The loaded patch's notes and controllers come from the same input.
                            MidiUse now = MidiUse.bind(e, more, loaded, midi);
                            route(e, midi, now);
                            out.println("loaded " + path + " over OSC; MIDI: " + now.describe());
                            out.flush();
                            return loaded;
                        }).start();
                out.println("OSC: udp and tcp on " + oscBind + ":" + osc.udpPort());
            }
            out.println("playing " + patch + " (" + engine.nodes().length + " nodes"
                    + (engine.workers() == 1 ? "" : ", " + engine.workers() + " workers") + ") through " + audio.describe());
            if (midiIn) {
                route(engine, midi, use);
                out.println("MIDI: " + use.describe() + ", from " + connectMidi(audio, midi));
            }
            out.flush();
            boolean inPlace = redraw != null ? redraw : System.console() != null;
            long stopAt = seconds == null ? Long.MAX_VALUE : startNanos[0] + Math.round(seconds * 1e9);
            long nextStatus = startNanos[0] + STATUS_PERIOD_MS * 1_000_000;
            while (audio.isRunning() && System.nanoTime() < stopAt && !finished.get()) {
                long now = System.nanoTime();
                Thread.sleep(Math.max(1, Math.min(nextStatus - now, stopAt - now) / 1_000_000));
                if (!finished.get() && System.nanoTime() >= nextStatus) {
                    nextStatus += STATUS_PERIOD_MS * 1_000_000;
                    // A terminal redraws one line; a pipe or a log file gets one line per interval.
                    String line = status(engine.stats(), audio.stats());
                    out.print(inPlace ? "\r" + line : line + System.lineSeparator());
                    out.flush();
                }
            }
            boolean lost = !audio.isRunning() && !finished.get();
            audio.close();
            if (finished.compareAndSet(false, true)) {
                if (inPlace) {
                    out.println();
                }
                summary(out, "stopped", engine, audio, startNanos[0]);
            }
            if (lost) {
                throw new IllegalStateException("the audio device stopped while playing (" + audio.describe() + ")");
            }
            return 0;
        } finally {
            if (osc != null) {
                osc.close();
            }
            audio.close();
            route(engine, midi, null);
            if (midiDevice != null) {
                midiDevice.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and prints the summary.
            }
        }
    }

    /**
     * Renders a throwaway copy of the patch offline for {@code --warmup} seconds, so that the
     * JIT has compiled the nodes before the first real-time block (the played engine still
     * starts at the patch's beginning).
     */
    private void warmUp(PatchFile file) throws java.io.IOException {
        GraphSnapshot snapshot = file.snapshot();
        // With the same worker count, so that the parallel hand-off is compiled too.
        try (Engine copy = workers.applyTo(limit.applyTo(plugins.applyTo(Engine.builder()))).startingFrom(snapshot).build()) {
            file.applyTo(copy, copy.restore(snapshot));
            org.aetherdsp.core.engine.OfflineRenderer.render(copy, Math.round(warmup * copy.sampleRate()), null, null);
        }
    }

    /** The controller mappings of the patch playing now; replaced when OSC loads another. */
    private ControlChanges controlChanges;
    private javax.sound.midi.MidiDevice midiDevice;

    /**
     * Attaches the controller mappings of {@code use} to the input in place of the previous
     * patch's, or only detaches those when {@code use} is null. The main thread and the OSC
     * server's threads call it.
     */
    private synchronized void route(Engine engine, MidiInput midi, MidiUse use) {
        // The new mappings first: they replace the old ones on the input, and if they are refused
        // (a mapping to an unknown parameter) the old ones stay attached.
        ControlChanges previous = controlChanges;
        controlChanges = use == null ? null : new ControlChanges(engine, midi, use.routes());
        if (previous != null) {
            previous.close(); // detaches only if still attached
        }
    }

    /**
     * What of a restored patch plays from the MIDI input: its midi.keys nodes, its LV2
     * instruments, its voice groups and its controller mappings.
     */
    record MidiUse(int keys, int lv2Instruments, int voices, List<ControlChanges.Route> routes) {

        /**
         * Attaches the patch's note players to {@code midi}: every midi.keys node and LV2 node
         * with a MIDI input, and its voice groups (in place of those attached before). Control side.
         */
        static MidiUse bind(Engine engine, PatchFile file, java.util.Map<String, Long> ids, MidiInput midi) {
            int keys = 0;
            int lv2 = 0;
            for (long node : engine.nodes()) {
                if (MidiKeys.TYPE_ID.equals(engine.typeOf(node))) {
                    engine.nodeAs(node, MidiKeys.class).listen(midi);
                    keys++;
                } else if (engine.typeOf(node).startsWith("lv2:") && Lv2Listing.listen(engine, node, midi)) {
                    lv2++; // an LV2 instrument plays from the same MIDI input
                }
            }
            int voices = MidiRender.bindVoices(engine, ids, midi); // the patch's "voices" groups play the same input
            List<ControlChanges.Route> routes = new ArrayList<>();
            for (MidiMapping.ControlChange cc : file.midi().controlChanges()) {
                routes.add(new ControlChanges.Route(cc.channel(), cc.controller(), ids.get(cc.node()), cc.param(), cc.min(),
                        cc.max(), cc.rampMs()));
            }
            return new MidiUse(keys, lv2, voices, routes);
        }

        boolean any() {
            return keys > 0 || lv2Instruments > 0 || voices > 0 || !routes.isEmpty();
        }

        /** @return e.g. "notes to 0 midi.keys node(s) and 16 voice(s), 0 controller mapping(s)" */
        String describe() {
            return "notes to " + keys + " " + MidiKeys.TYPE_ID + " node(s)" + (voices == 0 ? "" : " and " + voices + " voice(s)")
                    + ", " + (lv2Instruments > 0 ? lv2Instruments + " LV2 node(s) with a MIDI input, " : "") + routes.size()
                    + " controller mapping(s)";
        }
    }

    /** Connects the MIDI source: a JACK port to the driver's midi_in, or a javax.sound.midi device. */
    private String connectMidi(AudioDriver audio, MidiInput midi) throws Exception {
        if (audio instanceof JackDriver) {
            JackDriver jack = (JackDriver) audio;
            if (midiConnect != null) {
                jack.connectMidiFrom(midiConnect);
            }
            return "JACK port " + jack.midiPortName() + (midiConnect == null ? " (connect a MIDI source to it)"
                    : " (connected to " + midiConnect + ")");
        }
        if (midiDevice == null && midiDeviceName == null) {
            return "nowhere (name a javax.sound.midi input with --midi-device)";
        }
        List<String> inputs = new ArrayList<>();
        for (javax.sound.midi.MidiDevice.Info info : javax.sound.midi.MidiSystem.getMidiDeviceInfo()) {
            javax.sound.midi.MidiDevice d = javax.sound.midi.MidiSystem.getMidiDevice(info);
            if (d.getMaxTransmitters() != 0) {
                inputs.add(info.getName());
                if (info.getName().contains(midiDeviceName)) {
                    d.open();
                    midiDevice = d;
                    d.getTransmitter().setReceiver(midi);
                    return "javax.sound.midi device '" + info.getName() + "'";
                }
            }
        }
        throw new IllegalArgumentException("no javax.sound.midi input device named like '" + midiDeviceName
                + "'; the inputs are: " + inputs);
    }

    private AudioDriver open(Engine engine, MidiInput midi) {
        if (!connectInputs.isEmpty() && driver != DriverKind.jack) {
            throw new IllegalArgumentException("--connect-inputs is for --driver jack; javasound captures from the default device");
        }
        if (!connectInputs.isEmpty() && engine.inputChannels() == 0) {
            throw new IllegalArgumentException("--connect-inputs: " + patch + " reads no host input (no \"in.N\" connection)");
        }
        if (driver == DriverKind.jack) {
            return JackDriver.builder(engine).clientName(clientName).connectTo(connect).midiInput(midi)
                    .realtimePriority(rtFifo).build();
        }
        JavaSoundDriver.Builder b = JavaSoundDriver.builder(engine).device(device).midiInput(midi).realtimePriority(rtFifo);
        if (bufferFrames != null) {
            b.bufferFrames(bufferFrames);
        }
        return b.build();
    }

    /**
     * @return the live status: block time p99 against the deadline, xruns, CPU share and the
     *         time played; fixed width so that {@code \r} overwrites the previous line
     */
    static String status(EngineStats e, DriverStats d) {
        return String.format(Locale.ROOT, "%7.1f s  block p99 %8.1f us of %.1f us (%5.1f%%)  xruns %4d  cpu %5.1f%%  misses %d",
                d.wallNanos() / 1e9, e.p99Nanos() / 1e3, e.deadlineNanos() / 1e3, 100.0 * e.p99Nanos() / e.deadlineNanos(),
                d.xruns(), 100 * d.cpuShare(), e.deadlineMisses());
    }

    private void summary(PrintWriter out, String how, Engine engine, AudioDriver audio, long startNanos) {
        DriverStats d = audio.stats();
        EngineStats e = engine.stats();
        out.printf(Locale.ROOT, "%s after %.1f s: %d callbacks, %d frames, %d xruns, cpu %.1f%%%n", how,
                startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1e9, d.callbacks(), d.frames(), d.xruns(),
                100 * d.cpuShare());
        out.println(e.summary());
        if (engine.workers() > 1) {
            String helpers = workers.helperScheduling(rtFifo);
            out.println(engine.workers() + " workers: the helpers ran " + engine.helperClusters() + " clusters"
                    + (helpers == null ? "" : "; " + helpers));
        }
        out.flush();
    }
}
