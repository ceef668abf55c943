package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.aetherdsp.testkit.AllocationProbe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RT side of each control-side surface allocates nothing while a control thread uses it
 * concurrently: patterns arriving at the sequencer, drains of the recorder, reads of the
 * meter. (The sampler's tables have their own test, which also checks the audio.)
 */
class ControlSurfaceAllocationTest {

    /** A node, what drives its input, and what a control thread does to it over and over. */
    record Surface(String typeId, String port, SignalDriver.Signal signal, Consumer<NodeUnderTest> control) {
        @Override
        public String toString() {
            return typeId;
        }
    }

    static Stream<Arguments> surfaces() {
        float[][] drainBuffer = new float[2][4096];
        return Stream.of(
                Arguments.of(new Surface(StepSequencer.TYPE_ID, null, null, n -> {
                    float[] hz = new float[1 + (int) (System.nanoTime() & 15)];
                    Arrays.fill(hz, 100f + hz.length);
                    ((Sequencer) n.node).setPattern(hz, new boolean[hz.length]);
                    ((Sequencer) n.node).currentStep();
                })),
                Arguments.of(new Surface(StereoRecorder.TYPE_ID, "left", f -> (f % 100) / 100f,
                        n -> ((Recorder) n.node).drain(drainBuffer, 4096))),
                Arguments.of(new Surface(LevelMeter.TYPE_ID, "in", f -> (float) Math.sin(f * 0.1), n -> {
                    Meter m = (Meter) n.node;
                    if (m.reading().rms() < 0 || m.peakDb() > 1) {
                        throw new AssertionError("impossible reading");
                    }
                })));
    }

    @ParameterizedTest
    @MethodSource("surfaces")
    void rtThreadAllocatesNothingWhileAControlThreadUsesTheSurface(Surface s) throws Exception {
        NodeUnderTest n = NodeUnderTest.of(s.typeId());
        if (n.node instanceof Sequencer) {
            n.set("bpm", 300f); // many step boundaries, where patterns are picked up
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Long> rounds = new ArrayList<>();
        Thread rt = new Thread(() -> {
            float[] in = s.port() == null ? null : n.input(s.port());
            long frame = 0;
            int zeroRounds = 0;
            // Bounded by time, not by rounds: on a loaded machine the control thread may need
            // many rounds to make its calls, and the point is that they overlap processing.
            long deadline = System.nanoTime() + 60_000_000_000L;
            try {
                for (int round = 0; System.nanoTime() < deadline && (zeroRounds < 3 || calls.get() < 200); round++) {
                    long before = AllocationProbe.currentThread();
                    for (int b = 0; b < 5000; b++) {
                        if (in != null) {
                            for (int i = 0; i < in.length; i++) {
                                in[i] = s.signal().at(frame + i);
                            }
                        }
                        n.processBlock();
                        if ((b & 63) == 0) {
                            Thread.yield(); // on a loaded machine, let the control thread in
                        }
                        frame += NodeUnderTest.BLOCK;
                    }
                    long bytes = AllocationProbe.currentThread() - before;
                    if (round >= 4) {
                        rounds.add(bytes);
                        zeroRounds = bytes == 0 ? zeroRounds + 1 : 0;
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                stop.set(true);
            }
        }, s.typeId() + "-rt");
        rt.start();
        while (!stop.get()) {
            s.control().accept(n);
            calls.incrementAndGet();
            Thread.yield();
        }
        rt.join();
        if (failure.get() != null) {
            fail("RT thread: " + failure.get());
        }
        System.out.println(s.typeId() + ": " + calls.get() + " control calls while processing; RT bytes per round of 5000"
                + " blocks after warm-up: " + rounds);
        int last = rounds.size();
        assertTrue(calls.get() >= 200, "the control calls must overlap the processing");
        assertTrue(last >= 3 && rounds.get(last - 1) == 0 && rounds.get(last - 2) == 0 && rounds.get(last - 3) == 0,
                s.typeId() + " RT thread allocates: " + rounds);
    }
}
