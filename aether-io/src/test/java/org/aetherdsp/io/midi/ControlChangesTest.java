package org.aetherdsp.io.midi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import javax.sound.midi.ShortMessage;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.graph.UnknownParamException;
import org.aetherdsp.io.driver.BlockAdapter;
import org.aetherdsp.testkit.AllocationProbe;
import org.junit.jupiter.api.Test;

/**
 * MIDI control changes move the mapped parameter on the frame they are stamped with, through
 * the paths the drivers use: {@link MidiInput#offer} with host frames (the JACK MIDI port) and
 * the javax.sound.midi {@code Receiver} with microsecond time stamps, both laid out by the
 * driver's {@link BlockAdapter} hook. Observed on a {@code std.gain} fed with DC 1, so the
 * output is the gain.
 */
class ControlChangesTest {

    private static final int BLOCK = 64;
    /** Controller 7: gain 0..2 at once; controller 8: gain 0..2 in a 1 ms (48-frame) ramp. */
    private static final int JUMP = 7;
    private static final int RAMP = 8;

    private static final NodeType DC = NodeType.of("test.dc", NodeDescriptor.builder("DC").output("out").build(),
            () -> (DspNode) (in, out, p, ctx) -> Arrays.fill(out[0], 0, ctx.blockSize(), 1f));

    private Engine engine;
    private long gain;

    private BlockAdapter gainOnDc(MidiInput input) {
        engine = Engine.builder().nodeType(DC).sampleRate(48_000).blockSize(BLOCK).outputChannels(1).build();
        long dc = engine.add("test.dc");
        gain = engine.add("std.gain");
        engine.connect(dc, 0, gain, 0);
        engine.connectOutput(gain, 0, 0);
        return new BlockAdapter(engine, input);
    }

    private ControlChanges mappings(MidiInput input) {
        return new ControlChanges(engine, input, List.of(
                new ControlChanges.Route(0, JUMP, gain, "gain", 0f, 2f, 0f),
                new ControlChanges.Route(0, RAMP, gain, "gain", 0f, 2f, 1f)));
    }

    private static float[] render(BlockAdapter adapter, int frames) {
        float[][] out = new float[1][frames];
        adapter.render(out, 0, frames);
        return out[0];
    }

    /** Expected gain of {@link #stampedChangesThroughTheJackSinkMoveTheGainOnTheirFrame}'s events. */
    private static float expectedGain(int frame, int jumpAt, int rampAt) {
        if (frame < jumpAt) {
            return 1f;
        }
        if (frame < rampAt) {
            return 0f;
        }
        return frame < rampAt + 48 ? 2f * (frame - rampAt) / 48f : 2f;
    }

    @Test
    void stampedChangesThroughTheJackSinkMoveTheGainOnTheirFrame() {
        MidiInput input = new MidiInput();
        BlockAdapter adapter = gainOnDc(input);
        try (ControlChanges cc = mappings(input)) {
            input.offer(100, 0xB0, JUMP, 0);    // gain 0 at frame 100 (block 1, offset 36)
            input.offer(170, 0xB5, RAMP, 127);  // ramp to 2 from frame 170 (block 2, offset 42) to 218
            float[] out = render(adapter, 320);
            for (int i = 0; i < out.length; i++) {
                assertEquals(expectedGain(i, 100, 170), out[i], i >= 170 && i < 218 ? 1e-5f : 0f, "frame " + i);
            }
            assertEquals(2, cc.applied());
        }
    }

    @Test
    void timeStampedReceiverMessagesKeepTheirSpacingToTheFrame() throws Exception {
        MidiInput input = new MidiInput(1024, 48_000f);
        BlockAdapter adapter = gainOnDc(input);
        try (ControlChanges cc = mappings(input)) {
            render(adapter, 2 * BLOCK); // frames 0..127: the next block starts at 128
            long t0 = 5_000_000L;
            // The first stamped message is anchored a block after the next one: frame 192.
            input.send(new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, JUMP, 0), t0);
            // 500 us later: 24 frames at 48 kHz, frame 216 (offset 24 of its block).
            input.send(new ShortMessage(ShortMessage.CONTROL_CHANGE, 3, RAMP, 127), t0 + 500);
            float[] out = render(adapter, 4 * BLOCK); // frames 128..383
            for (int i = 0; i < out.length; i++) {
                int frame = 128 + i;
                assertEquals(expectedGain(frame, 192, 216), out[i], frame >= 216 && frame < 264 ? 1e-5f : 0f,
                        "frame " + frame);
            }
            // Without a time stamp: the start of the next block, as before.
            input.send(new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, JUMP, 0), -1L);
            out = render(adapter, BLOCK);
            for (int i = 0; i < BLOCK; i++) {
                assertEquals(0f, out[i], "unstamped change at frame " + i);
            }
        }
    }

    @Test
    void anInputWithoutASampleRateIgnoresTimeStamps() throws Exception {
        MidiInput input = new MidiInput();
        BlockAdapter adapter = gainOnDc(input);
        try (ControlChanges cc = mappings(input)) {
            render(adapter, BLOCK);
            input.send(new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, JUMP, 0), 123_456L);
            float[] out = render(adapter, BLOCK);
            for (int i = 0; i < BLOCK; i++) {
                assertEquals(0f, out[i], "frame " + i);
            }
        }
    }

    @Test
    void routesFilterByChannelAndScaleToTheirRange() throws Exception {
        MidiInput input = new MidiInput();
        BlockAdapter adapter = gainOnDc(input);
        try (ControlChanges cc = new ControlChanges(engine, input,
                List.of(new ControlChanges.Route(3, 9, gain, "gain", 4f, 16f, 0f)))) {
            input.send(new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 9, 127), -1L); // channel 1: not mapped
            assertEquals(1f, render(adapter, BLOCK)[BLOCK - 1]);
            input.send(new ShortMessage(ShortMessage.CONTROL_CHANGE, 2, 9, 0), -1L);   // channel 3: mapped
            assertEquals(4f, render(adapter, BLOCK)[0]);
            input.send(new ShortMessage(ShortMessage.CONTROL_CHANGE, 2, 9, 127), -1L);
            assertEquals(16f, render(adapter, BLOCK)[0]);
            assertEquals(2, cc.applied());
        }
        input.send(new ShortMessage(ShortMessage.CONTROL_CHANGE, 2, 9, 0), -1L); // closed: ignored
        assertEquals(16f, render(adapter, BLOCK)[0]);
    }

    @Test
    void aMappingToAnUnknownParameterIsRejectedNamingTheParameters() {
        MidiInput input = new MidiInput();
        gainOnDc(input);
        UnknownParamException e = assertThrows(UnknownParamException.class, () -> new ControlChanges(engine, input,
                List.of(new ControlChanges.Route(0, 1, gain, "volume", 0f, 1f, 0f))));
        assertTrue(e.getMessage().contains("gain"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ControlChanges(engine, input,
                List.of(new ControlChanges.Route(0, 128, gain, "gain", 0f, 1f, 0f))));
    }

    @Test
    void theRtSideAllocatesNothingWhileControlChangesFlow() {
        MidiInput input = new MidiInput();
        BlockAdapter adapter = gainOnDc(input);
        try (ControlChanges cc = mappings(input)) {
            float[][] out = new float[1][256];
            long[] frame = {0};
            long[] rounds = AllocationProbe.steadyState(() -> {
                for (int b = 0; b < 200; b++) {
                    input.offer(frame[0] + 10, 0xB0, JUMP, b % 128);
                    input.offer(frame[0] + 77, 0xB0, RAMP, (b * 7) % 128);
                    adapter.render(out, 0, 256);
                    frame[0] += 256;
                }
            }, 3, 50);
            assertArrayEquals(new long[] {0, 0, 0}, Arrays.copyOfRange(rounds, rounds.length - 3, rounds.length),
                    "bytes per round: " + Arrays.toString(rounds));
            assertTrue(cc.applied() > 0);
        }
    }
}
