package org.aetherdsp.benchmarks;

import java.util.concurrent.TimeUnit;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.poly.StealPolicy;
import org.aetherdsp.core.poly.VoiceAllocator;
import org.aetherdsp.core.poly.VoiceTemplate;
import org.aetherdsp.core.poly.Voices;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 16's polyphonic patch: a voice template of band-limited saw into a ladder low-pass
 * (1.8 kHz, resonance 0.4) into a VCA shaped by an ADSR, instanced {@code voices} times
 * ({@link Voices}), summed into host channel 0; 48 kHz, 64-frame blocks. One operation is one
 * block: the voice allocator's part before the block (no MIDI arrives while measuring) and
 * {@code Engine.process}.
 *
 * <p>{@code playing = all}: every voice holds a note (keys 36 to 67, sustain phase), so every
 * voice runs; {@code none}: every voice is idle and skipped. The idle voice's cost is
 * {@code (none at 32 voices - none at 1 voice) / 31}; the speed-up of 2 workers is
 * {@code all at 32, 1 worker / all at 32, 2 workers}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PolyVoiceBenchmark {

    static final int BLOCK = 64;

    @Param({"32", "1"})
    int voices;

    @Param({"all", "none"})
    String playing;

    @Param({"1", "2"})
    int workers;

    private Engine engine;
    private VoiceAllocator allocator;
    private final float[][] host = new float[2][BLOCK];

    /** The voice: saw, ladder, ADSR, VCA. */
    static VoiceTemplate template() {
        return VoiceTemplate.builder()
                .node("osc", "std.osc.saw").param("osc", "freq", 0.01f).param("osc", "amp", 0.1f)
                .node("filter", "std.filter.ladder").param("filter", "cutoff", 1800f).param("filter", "resonance", 0.4f)
                .node("env", "std.adsr").param("env", "attack", 5f).param("env", "decay", 100f)
                .param("env", "sustain", 0.7f).param("env", "release", 300f)
                .node("vca", "poly.vca")
                .pitch("osc.fm").gate("env.gate")
                .connect("osc", "filter.in").connect("filter", "vca.in").connect("env", "vca.cv")
                .output("vca")
                .build();
    }

    @Setup(Level.Trial)
    public void setUp() {
        engine = Engine.builder().sampleRate(48_000).blockSize(BLOCK).outputChannels(2).workers(workers)
                .commandCapacity(1024).maxCommandsPerBlock(1024).build();
        Voices v = Voices.build(engine, "voice", template(), voices, StealPolicy.OLDEST);
        engine.connectOutput(v.output(0), 0, 0);
        allocator = v.allocator();
        allocator.beginBlock();
        if (playing.equals("all")) {
            for (int k = 0; k < voices; k++) {
                allocator.noteOn(0, k % 16, 36 + k, 100);
            }
        }
        allocator.endBlock();
        engine.process(host);
        for (int b = 0; b < 200; b++) {
            block();
        }
        int gated = allocator.gatedCount();
        if (gated != (playing.equals("all") ? voices : 0) || !engine.drainFaults().isEmpty()) {
            throw new IllegalStateException("expected every voice " + (playing.equals("all") ? "playing" : "idle") + ", "
                    + gated + " gated");
        }
        if (workers > 1 && voices > 1 && engine.latestPlan().clusterCount() < 2) {
            throw new IllegalStateException("the voices are not clusters");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    /** One block: the allocator's (empty) MIDI pass, then the engine's block. */
    @Benchmark
    public float[][] block() {
        allocator.beginBlock();
        allocator.endBlock();
        engine.process(host);
        return host;
    }
}
