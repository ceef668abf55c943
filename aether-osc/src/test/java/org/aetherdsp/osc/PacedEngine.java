package org.aetherdsp.osc;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.core.engine.Engine;

/**
 * An engine run by a thread paced like a sound card (one block per block duration), recording
 * host channel 0 by engine frame, so a test can see what a command did to the sound and on which
 * frame.
 */
final class PacedEngine implements AutoCloseable {

    /** Writes its {@code value} param, frame by frame: the output is the parameter. */
    static final NodeType CONST = NodeType.of("test.const",
            NodeDescriptor.builder("Constant").output("out")
                    .param(ParamSpec.of("value", -1000f, 1000f, 0f, "", 0f)).build(),
            () -> new DspNode() {
                @Override
                public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext ctx) {
                    p.get(0).fill(out[0], ctx.blockSize());
                }
            });

    static final int BLOCK = 64;

    final Engine engine;
    private final float[] recorded;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread rt;

    PacedEngine(int seconds) {
        engine = Engine.builder().sampleRate(48_000).blockSize(BLOCK).nodeType(CONST).build();
        recorded = new float[seconds * 48_000];
        rt = new Thread(() -> {
            float[][] host = new float[2][BLOCK];
            long next = System.nanoTime();
            while (!stop.get()) {
                long frame = engine.currentFrame();
                engine.process(host);
                if (frame + BLOCK <= recorded.length) {
                    System.arraycopy(host[0], 0, recorded, (int) frame, BLOCK);
                }
                next += engine.deadlineNanos();
                LockSupport.parkNanos(next - System.nanoTime());
            }
        }, "paced-rt");
        rt.setDaemon(true);
        rt.start();
    }

    /** @return channel 0 at {@code frame} (0 before it was played) */
    float at(long frame) {
        return recorded[(int) frame];
    }

    /** @return the first frame from {@code from} on whose sample equals {@code value}, or -1 */
    long firstFrameOf(float value, long from) {
        for (int k = (int) from; k < recorded.length; k++) {
            if (recorded[k] == value) {
                return k;
            }
        }
        return -1;
    }

    /** Waits until the engine has played past {@code frame}. */
    void awaitFrame(long frame) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (engine.currentFrame() <= frame) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the engine did not reach frame " + frame + " (at " + engine.currentFrame() + ")");
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        rt.join(2000);
        engine.close();
    }
}
