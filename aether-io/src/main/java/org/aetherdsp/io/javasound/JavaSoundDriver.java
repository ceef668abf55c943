package org.aetherdsp.io.javasound;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.io.driver.AudioDriver;
import org.aetherdsp.io.driver.BlockAdapter;
import org.aetherdsp.io.driver.CallbackProbe;
import org.aetherdsp.io.driver.DriverCounters;
import org.aetherdsp.io.driver.DriverException;
import org.aetherdsp.io.driver.DriverStats;
import org.aetherdsp.io.driver.RealtimeScheduling;

/**
 * Plays an engine through a javax.sound {@link SourceDataLine} (16-bit signed little-endian
 * PCM at the engine's rate and channel count) from a dedicated writer thread.
 *
 * <p>The writer thread is the RT thread: it renders one chunk (one engine block), converts
 * it to PCM into a preallocated byte array, and writes it. The blocking {@code write} is its
 * only wait, and it happens outside {@code Engine.process}. The line's buffer size (how much
 * audio is queued ahead, i.e. the output latency) and the device (a mixer whose name contains
 * a given text) are configurable.
 *
 * <p>The line starts once its buffer is full (a pre-roll), so the first blocks, rendered
 * while the JIT is still cold, do not underrun it. An xrun is counted when the writer finds
 * the line's buffer completely drained before a write (the device ran out of audio).
 *
 * <p>With {@link Builder#realtimePriority}, the writer thread runs under {@code SCHED_FIFO}
 * (see {@link RealtimeScheduling}), so that no ordinary thread preempts a block; its blocking
 * {@code write} still sleeps, leaving the CPU to others.
 *
 * <p>Full duplex: for an engine with host input channels ({@code Engine.Builder.inputChannels}),
 * the driver also opens a {@link TargetDataLine} (the default capture device, 16-bit, as many
 * channels as the engine has inputs) and the writer thread reads one block of it before each
 * block it renders: a second blocking wait, also outside {@code Engine.process}. The input is
 * then heard after the output line's buffer and the block that was being captured:
 * {@link #inputLatencyFrames()} = buffer + one block, plus whatever the sound server itself
 * buffers on capture, which javax.sound does not report.
 */
public final class JavaSoundDriver implements AudioDriver {

    private final Engine engine;
    private final String device;
    private final int bufferFrames;
    private final CallbackProbe probe;
    private final int channels;
    private final int chunk;
    private final BlockAdapter adapter;
    private final float[][] scratch;
    private final byte[] pcm;
    private final DriverCounters counters = new DriverCounters();
    private final int realtimePriority;
    private final IntFunction<String> scheduler;

    private final int inputs;
    private final float[][] inScratch;
    private final byte[] inPcm;
    private TargetDataLine capture;
    private SourceDataLine line;
    private Thread writer;
    private volatile boolean running;
    private volatile boolean stopRequested;
    private volatile Throwable failure;
    /** Why the writer thread could not have the real-time priority asked for; null if it could. */
    private volatile String schedulingRefusal;
    private String mixerName = "default";

    private JavaSoundDriver(Builder b) {
        this.engine = b.engine;
        this.device = b.device;
        this.bufferFrames = b.bufferFrames;
        this.probe = b.probe;
        this.channels = engine.outputChannels();
        this.chunk = engine.blockSize();
        this.adapter = new BlockAdapter(engine, b.midi);
        this.scratch = new float[channels][chunk];
        this.pcm = new byte[chunk * channels * 2];
        this.inputs = engine.inputChannels();
        this.inScratch = new float[inputs][chunk];
        this.inPcm = new byte[chunk * inputs * 2];
        this.realtimePriority = b.realtimePriority;
        this.scheduler = b.scheduler;
        counters.register(engine, b.midi);
    }

    /**
     * @param engine the engine to play; nothing else may call its {@code process} while the driver runs
     * @return a builder
     */
    public static Builder builder(Engine engine) {
        return new Builder(engine);
    }

    /** @return the PCM format the driver writes: 16-bit signed little-endian at the engine's rate and channels */
    public AudioFormat format() {
        return new AudioFormat(engine.sampleRate(), 16, channels, true, false);
    }

    @Override
    public synchronized void start() {
        if (writer != null) {
            throw new IllegalStateException("the javax.sound driver is already started");
        }
        AudioFormat format = format();
        DataLine.Info info = new DataLine.Info(SourceDataLine.class, format);
        try {
            SourceDataLine l;
            if (device == null) {
                l = (SourceDataLine) AudioSystem.getLine(info);
            } else {
                Mixer.Info chosen = findMixer(device, info);
                mixerName = chosen.getName();
                l = (SourceDataLine) AudioSystem.getMixer(chosen).getLine(info);
            }
            l.open(format, bufferFrames * format.getFrameSize());
            line = l;
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new DriverException("cannot open a javax.sound output line (" + format + ") on "
                    + (device == null ? "the default device" : "'" + mixerName + "'") + ": " + e.getMessage()
                    + "; devices with an output line: " + outputMixers(info), e);
        }
        if (inputs > 0) {
            AudioFormat inFormat = new AudioFormat(engine.sampleRate(), 16, inputs, true, false);
            DataLine.Info inInfo = new DataLine.Info(TargetDataLine.class, inFormat);
            try {
                TargetDataLine t = (TargetDataLine) AudioSystem.getLine(inInfo);
                t.open(inFormat, bufferFrames * inFormat.getFrameSize());
                capture = t;
            } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
                line.close();
                line = null;
                throw new DriverException("cannot open a javax.sound capture line (" + inFormat + ") on the default"
                        + " device for the engine's " + inputs + " input channels: " + e.getMessage(), e);
            }
        }
        stopRequested = false;
        schedulingRefusal = null;
        running = true;
        counters.started();
        CountDownLatch scheduled = new CountDownLatch(1);
        Thread w = new Thread(() -> writeLoop(scheduled), "aether-javasound");
        w.setPriority(Thread.MAX_PRIORITY);
        w.setDaemon(true);
        writer = w;
        w.start();
        awaitScheduling(w, scheduled);
    }

    /**
     * Waits until the writer thread has taken its scheduling; if it could not have the
     * real-time priority asked for, it has stopped, and start fails saying why.
     */
    private void awaitScheduling(Thread w, CountDownLatch scheduled) {
        boolean interrupted = false;
        while (true) {
            try {
                scheduled.await(10, TimeUnit.SECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        String refused = schedulingRefusal;
        if (refused != null) {
            writer = null;
            try {
                w.join(5_000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (refused != null) {
            throw new DriverException("cannot run the javax.sound writer thread under SCHED_FIFO at priority "
                    + realtimePriority + ": " + refused);
        }
    }

    private static Mixer.Info findMixer(String name, DataLine.Info info) {
        for (Mixer.Info m : AudioSystem.getMixerInfo()) {
            if (m.getName().contains(name) && AudioSystem.getMixer(m).isLineSupported(info)) {
                return m;
            }
        }
        throw new DriverException("no javax.sound device named like '" + name + "' has an output line for " + info.getFormats()[0]
                + "; devices with one: " + outputMixers(info));
    }

    private static List<String> outputMixers(DataLine.Info info) {
        List<String> names = new ArrayList<>();
        for (Mixer.Info m : AudioSystem.getMixerInfo()) {
            if (AudioSystem.getMixer(m).isLineSupported(info)) {
                names.add(m.getName());
            }
        }
        return names;
    }

    /** The writer (RT) thread. */
    private void writeLoop(CountDownLatch scheduled) {
        SourceDataLine l = line;
        TargetDataLine in = capture;
        int bytes = pcm.length;
        boolean started = false;
        try {
            if (in != null) {
                in.start();
            }
            if (realtimePriority != 0) {
                String refused = scheduler.apply(realtimePriority); // on this thread: it schedules its caller
                if (refused != null) {
                    schedulingRefusal = refused;
                    stopRequested = true;
                }
            }
            scheduled.countDown();
            while (!stopRequested) {
                if (in != null && !readBlock(in)) {
                    break; // stopped while waiting for input
                }
                probe.enter();
                long t0 = System.nanoTime();
                if (in != null) {
                    fromPcm16(inPcm, chunk, inScratch);
                    adapter.period(chunk);
                    adapter.render(inScratch, 0, scratch, 0, chunk);
                } else {
                    adapter.render(scratch, 0, chunk);
                }
                toPcm16(scratch, chunk, pcm);
                long busy = System.nanoTime() - t0;
                int room = l.available();
                if (started && room >= l.getBufferSize()) {
                    counters.xrun(); // the device drained everything we had queued
                }
                probe.exit();
                if (!started && room < bytes) {
                    // Pre-roll: the device starts once the line's buffer is full, so that the
                    // first blocks (rendered while the JIT is still cold) do not underrun it.
                    l.start();
                    started = true;
                }
                int written = 0;
                while (written < bytes && !stopRequested) {
                    written += l.write(pcm, written, bytes - written); // the only wait
                }
                counters.callback(chunk, busy);
            }
            if (!started) {
                l.start();
            }
            l.drain();
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            scheduled.countDown(); // if the scheduler threw
            running = false;
            l.stop();
            l.close();
            if (in != null) {
                in.stop();
                in.close();
            }
        }
    }

    /** Reads one block of capture into {@link #inPcm}: the writer thread's second wait. */
    private boolean readBlock(TargetDataLine in) {
        int got = 0;
        while (got < inPcm.length) {
            if (stopRequested) {
                return false;
            }
            got += in.read(inPcm, got, inPcm.length - got);
        }
        return true;
    }

    /**
     * Converts interleaved 16-bit little-endian PCM to float blocks, v / 32767 (the inverse of
     * {@link #pcm16} for every value it writes). RT thread; allocation-free.
     *
     * @param src    at least {@code frames * dst.length * 2} bytes
     * @param frames frames to convert
     * @param dst    one array per channel
     */
    public static void fromPcm16(byte[] src, int frames, float[][] dst) {
        int ch = dst.length;
        for (int c = 0; c < ch; c++) {
            float[] d = dst[c];
            int o = c * 2;
            for (int i = 0; i < frames; i++) {
                d[i] = (short) ((src[o] & 0xff) | (src[o + 1] << 8)) / 32767f;
                o += ch * 2;
            }
        }
    }

    @Override
    public int inputLatencyFrames() {
        return inputs == 0 ? 0 : bufferFrames + chunk + engine.latencyFrames();
    }

    /**
     * Converts float blocks to interleaved 16-bit little-endian PCM, clipping to [-1, 1] and
     * rounding to the nearest step of 1/32767. RT thread; allocation-free.
     *
     * @param src    one array per channel
     * @param frames frames to convert
     * @param dst    at least {@code frames * src.length * 2} bytes
     */
    public static void toPcm16(float[][] src, int frames, byte[] dst) {
        int ch = src.length;
        for (int c = 0; c < ch; c++) {
            float[] s = src[c];
            int o = c * 2;
            for (int i = 0; i < frames; i++) {
                int v = pcm16(s[i]);
                dst[o] = (byte) v;
                dst[o + 1] = (byte) (v >> 8);
                o += ch * 2;
            }
        }
    }

    /**
     * @param x a sample
     * @return the 16-bit value the driver writes for it
     */
    public static int pcm16(float x) {
        float clipped = x > 1f ? 1f : (x < -1f ? -1f : x);
        return Math.round(clipped * 32767f);
    }

    @Override
    public void close() {
        Thread w;
        synchronized (this) {
            w = writer;
            writer = null;
        }
        if (w == null) {
            return;
        }
        stopRequested = true;
        try {
            w.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** @return what stopped the writer thread unexpectedly, or null */
    public Throwable failure() {
        return failure;
    }

    @Override
    public DriverStats stats() {
        return counters.snapshot();
    }

    @Override
    public String describe() {
        float rate = engine.sampleRate();
        return "javasound device '" + mixerName + "', " + Math.round(rate) + " Hz 16-bit, line buffer "
                + bufferFrames + " frames (" + String.format(java.util.Locale.ROOT, "%.1f ms", bufferFrames * 1000.0 / rate)
                + " of output latency), written one " + chunk + "-frame block at a time"
                + (inputs == 0 ? "" : ", capture " + inputs + " ch on the default device, input to output latency "
                + inputLatencyFrames() + " frames (the output buffer and one block) plus the sound server's capture buffering")
                + (realtimePriority == 0 ? "" : ", writer thread SCHED_FIFO at priority " + realtimePriority);
    }

    /** Configures a {@link JavaSoundDriver}. */
    public static final class Builder {
        private final Engine engine;
        private String device;
        private int bufferFrames;
        private CallbackProbe probe = CallbackProbe.NONE;
        private org.aetherdsp.io.midi.MidiInput midi;
        private int realtimePriority;
        private IntFunction<String> scheduler = RealtimeScheduling::setFifo;

        private Builder(Engine engine) {
            this.engine = java.util.Objects.requireNonNull(engine, "engine");
            this.bufferFrames = Math.max(engine.blockSize() * 4, Math.round(engine.sampleRate() * 0.02f));
        }

        /**
         * @param nameContains pick the first mixer whose name contains this text (null: the default line)
         * @return this
         */
        public Builder device(String nameContains) {
            this.device = nameContains;
            return this;
        }

        /**
         * @param frames the line's buffer in frames (default 20 ms, at least 4 blocks): the output latency
         * @return this
         * @throws IllegalArgumentException if it is smaller than two engine blocks or above 10 s
         */
        public Builder bufferFrames(int frames) {
            if (frames < 2 * engine.blockSize() || frames > engine.sampleRate() * 10) {
                throw new IllegalArgumentException("javax.sound buffer of " + frames + " frames: must be between two blocks ("
                        + 2 * engine.blockSize() + ") and 10 s");
            }
            this.bufferFrames = frames;
            return this;
        }

        /**
         * @param p observes every block the writer thread renders (not its write)
         * @return this
         */
        public Builder probe(CallbackProbe p) {
            this.probe = java.util.Objects.requireNonNull(p, "probe");
            return this;
        }

        /**
         * @param input the MIDI input whose events are laid out before each block (fed by a
         *              javax.sound.midi device: {@code transmitter.setReceiver(input)}); null for none
         * @return this
         */
        public Builder midiInput(org.aetherdsp.io.midi.MidiInput input) {
            this.midi = input;
            return this;
        }

        /**
         * Runs the writer thread, the engine's RT thread, under {@code SCHED_FIFO} at this
         * priority, as an audio server runs its process thread: no ordinary thread (the control
         * thread compiling plans, the JIT, the collector) can then preempt a block.
         * {@link JavaSoundDriver#start} fails if the priority cannot be had (it needs Linux and
         * root, {@code CAP_SYS_NICE} or an {@code rtprio} limit), rather than play without it.
         *
         * @param priority 1 (lowest) to 99; 0 (the default) keeps ordinary scheduling
         * @return this
         * @throws IllegalArgumentException if it is outside 0..99
         */
        public Builder realtimePriority(int priority) {
            this.realtimePriority = priority == 0 ? 0 : RealtimeScheduling.checkPriority(priority);
            return this;
        }

        /** Tests: what the writer thread calls to take its priority (returns null, or why not). */
        Builder scheduler(IntFunction<String> s) {
            this.scheduler = java.util.Objects.requireNonNull(s, "scheduler");
            return this;
        }

        /** @return the driver, not started */
        public JavaSoundDriver build() {
            return new JavaSoundDriver(this);
        }
    }
}
