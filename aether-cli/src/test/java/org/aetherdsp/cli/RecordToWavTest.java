package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.io.WavData;
import org.aetherdsp.io.WavFormat;
import org.aetherdsp.io.WavReader;
import org.aetherdsp.io.WavWriter;
import org.aetherdsp.nodes.std.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code std.record} end to end: an RT thread renders while the control thread drains the
 * recorder into a WAV file (no I/O on the RT thread); the file holds exactly what was
 * rendered, in order, with nothing dropped.
 */
class RecordToWavTest {

    @TempDir
    Path dir;

    @Test
    void controlThreadDrainsTheRecorderToAWavFileIdenticalToTheRender() throws Exception {
        Engine engine = Engine.builder().build();
        long[] h = new long[3];
        engine.batch(e -> {
            long saw = e.add("std.osc.saw");
            e.setParam(saw, "freq", 220f, 0f);
            long sine = e.add("std.osc.sine");
            e.setParam(sine, "freq", 330f, 0f);
            h[0] = e.add("std.record");
            e.connect(saw, 0, h[0], 0);
            e.connect(sine, 0, h[0], 1);
            e.connectOutput(h[0], 0, 0);
            e.connectOutput(h[0], 1, 1);
        });
        Recorder recorder = engine.nodeAs(h[0], Recorder.class);
        recorder.start();
        int blocks = 20_000; // about 27 s of audio, more than the ring holds: it must be drained
        float[][] rendered = new float[2][blocks * 64];
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread rt = new Thread(() -> {
            float[][] host = new float[2][64];
            try {
                for (int b = 0; b < blocks; b++) {
                    // A sound card paces the RT thread; unpaced, it would outrun any drainer.
                    // Wait while the ring is over half full, as real time would let the drainer catch up.
                    while (recorder.available() > recorder.capacity() / 2) {
                        Thread.onSpinWait();
                        Thread.yield();
                    }
                    engine.process(host);
                    System.arraycopy(host[0], 0, rendered[0], b * 64, 64);
                    System.arraycopy(host[1], 0, rendered[1], b * 64, 64);
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                done.set(true);
            }
        }, "aether-rt-record");
        Path wav = dir.resolve("take.wav");
        long written = 0;
        try (WavWriter writer = WavWriter.open(wav, 48_000, 2, WavFormat.FLOAT_32)) {
            float[][] chunk = new float[2][4096];
            rt.start();
            while (true) {
                boolean finished = done.get();
                int n;
                while ((n = recorder.drain(chunk, chunk[0].length)) > 0) {
                    writer.write(chunk, n);
                    written += n;
                }
                if (finished) {
                    break;
                }
                Thread.sleep(5);
            }
        }
        rt.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(0, recorder.dropped(), "drained in time: nothing dropped");
        assertEquals(blocks * 64L, written);
        WavData data = WavReader.read(wav);
        assertEquals(blocks * 64, data.frames());
        for (int ch = 0; ch < 2; ch++) {
            float[] got = data.channel(ch);
            for (int i = 0; i < got.length; i++) {
                if (got[i] != rendered[ch][i]) {
                    throw new AssertionError("channel " + ch + " frame " + i + ": " + got[i] + " vs " + rendered[ch][i]);
                }
            }
        }
        assertTrue(Math.abs(data.sample(0, 1000)) > 0, "not silence");
    }
}
