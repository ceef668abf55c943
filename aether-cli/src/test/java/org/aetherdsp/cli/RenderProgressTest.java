package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RenderProgressTest {

    private static String drawn(RenderProgress progress, ByteArrayOutputStream sink) {
        try (progress) {
            for (long frame = 0; frame <= 480_000; frame += 4800) {
                progress.update(frame);
            }
        }
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void enabledBarDrawsSecondsOfAudioToItsStream() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        String out = drawn(new RenderProgress(true, 480_000, 48_000, new PrintStream(sink, true, StandardCharsets.UTF_8), 0), sink);
        assertTrue(out.contains("render") && out.contains("/10 s"), out);
    }

    @Test
    void offATerminalNothingIsDrawnHoweverLongTheRender() {
        assertFalse(RenderProgress.interactive(), "tests do not run on a terminal");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        String out = drawn(new RenderProgress(RenderProgress.shouldDraw(true), 480_000, 48_000,
                new PrintStream(sink, true, StandardCharsets.UTF_8), 0), sink);
        assertEquals("", out);
    }

    @Test
    void shortRenderDrawsNothingEvenOnATerminal() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        String out = drawn(new RenderProgress(true, 480_000, 48_000, new PrintStream(sink, true, StandardCharsets.UTF_8),
                RenderProgress.QUIET_NANOS), sink);
        assertEquals("", out);
    }
}
