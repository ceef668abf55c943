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
}
