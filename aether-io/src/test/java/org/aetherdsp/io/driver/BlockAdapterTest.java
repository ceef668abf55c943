package org.aetherdsp.io.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.aetherdsp.io.audiotest.TestPatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Any device buffer size gets exactly the offline render's frames, in order. */
class BlockAdapterTest {

    @ParameterizedTest(name = "{1}-frame buffers over {0}-frame blocks")
    @CsvSource({"64, 64", "64, 128", "64, 1", "64, 17", "64, 100", "48, 64", "64, 32", "64, 1000", "7, 64"})
    void deliversTheOfflineRenderForAnyBufferSize(int blockSize, int buffer) throws Exception {
        int frames = 10_000;
        float[][] reference = TestPatch.render(blockSize, frames);
        BlockAdapter adapter = new BlockAdapter(TestPatch.build(blockSize));
        float[][] played = new float[2][frames];
        for (int at = 0; at < frames; at += buffer) {
            int n = Math.min(buffer, frames - at);
            adapter.render(played, at, n);
            assertEquals(adapter.renderedFrames(), at + n + adapter.pendingFrames(), "rendered = delivered + pending");
        }
        assertArrayEquals(reference[0], played[0]);
        assertArrayEquals(reference[1], played[1]);
    }

    @ParameterizedTest(name = "input: {1}-frame buffers over {0}-frame blocks, delayed by {2}")
    @CsvSource({"64, 64, 0", "64, 128, 0", "32, 64, 0", "64, 17, 63", "64, 100, 60", "48, 64, 32", "64, 1000, 56", "7, 64, 6"})
    void inputIsProcessedAlignedOrDelayedByTheReportedLatency(int blockSize, int buffer, int latency) throws Exception {
        int frames = (10_000 / buffer + 1) * buffer; // a device delivers whole buffers
        java.util.Random rnd = new java.util.Random(blockSize * 31L + buffer);
        float[][] input = new float[2][frames];
        for (float[] ch : input) {
            for (int i = 0; i < frames; i++) {
                ch[i] = (float) (rnd.nextDouble() - 0.5);
            }
        }
        // Offline: the same input, behind `latency` frames of silence.
        float[][] delayed = new float[2][frames];
        for (int c = 0; c < 2; c++) {
            System.arraycopy(input[c], 0, delayed[c], latency, frames - latency);
        }
        float[][] reference = TestPatch.processEffect(blockSize, delayed, frames);
        BlockAdapter adapter = new BlockAdapter(TestPatch.buildEffect(blockSize));
        float[][] played = new float[2][frames];
        float[][] chunk = new float[2][buffer];
        for (int at = 0; at < frames; at += buffer) {
            int n = buffer;
            for (int c = 0; c < 2; c++) {
                System.arraycopy(input[c], at, chunk[c], 0, n);
            }
            adapter.period(buffer);
            assertEquals(latency, adapter.inputLatencyFrames());
            adapter.render(chunk, 0, played, at, n);
        }
        assertEquals(0, adapter.inputUnderruns());
        assertArrayEquals(reference[0], played[0]);
        assertArrayEquals(reference[1], played[1]);
    }
}
