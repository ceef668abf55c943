package org.aetherdsp.io.midi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import javax.sound.midi.ShortMessage;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.io.driver.BlockAdapter;
import org.aetherdsp.testkit.AllocationProbe;
import org.aetherdsp.testkit.NodeConformance;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * MIDI into the engine without hardware: stamped events as a JACK MIDI port delivers them,
 * and synthetic {@link ShortMessage}s through the javax.sound.midi {@code Receiver}.
 */
class MidiKeysTest {

    private static final float A4 = 440f;
    private static final float C4 = (float) (440.0 * Math.pow(2, -9 / 12.0));

    /** An engine whose channel 0 is the keys' gate, 1 its pitch, 2 its velocity. */
    private static Engine keysEngine(MidiInput input, int blockSize, float channel) {
        Engine e = Engine.builder().sampleRate(48_000).blockSize(blockSize).outputChannels(3).build();
        long keys = e.add(MidiKeys.TYPE_ID);
        e.setParam(keys, "channel", channel, 0f);
        e.connectOutput(keys, 0, 0);
        e.connectOutput(keys, 1, 1);
        e.connectOutput(keys, 2, 2);
        e.nodeAs(keys, MidiKeys.class).listen(input);
        return e;
    }

    private static float[][] render(BlockAdapter adapter, int frames) {
        float[][] out = new float[3][frames];
        adapter.render(out, 0, frames);
        return out;
    }

    @Test
    void stampedNotesChangeGateAndPitchOnTheirExactFrame() {
        MidiInput input = new MidiInput();
        BlockAdapter adapter = new BlockAdapter(keysEngine(input, 64, 0), input);
        input.offer(100, 0x90, 69, 127);  // A4 on at frame 100 (inside the second block)
        input.offer(230, 0x80, 69, 0);    // off at 230
        input.offer(300, 0x93, 60, 64);   // C4 on, channel 4, at 300
        float[][] out = render(adapter, 512);
        for (int i = 0; i < 512; i++) {
            float gate = i >= 100 && i < 230 || i >= 300 ? 1f : 0f;
            assertEquals(gate, out[0][i], "gate at frame " + i);
            float pitch = i < 100 ? 0f : i < 300 ? A4 : C4;
            assertEquals(pitch, out[1][i], "pitch at frame " + i);
        }
        assertEquals(1f, out[2][150]);
        assertEquals(64 / 127f, out[2][400]);
    }

    @Test
    void aLatencyDelaysStampedEventsByExactlyThatManyFrames() {
        MidiInput input = new MidiInput();
        assertEquals(32, BlockAdapter.eventLatencyFrames(64, 48)); // 48-frame blocks in 64-frame buffers
        assertEquals(0, BlockAdapter.eventLatencyFrames(128, 64));
        assertEquals(32, BlockAdapter.eventLatencyFrames(32, 64));
        input.latencyFrames(32);
        BlockAdapter adapter = new BlockAdapter(keysEngine(input, 48, 0), input);
        input.offer(40, 0x90, 69, 100);
        float[][] out = render(adapter, 192);
        assertEquals(0f, out[0][71]);
        assertEquals(1f, out[0][72]);
    }

    @Test
    void releasingTheSoundingKeyFallsBackToTheLastHeldKeyWithoutANewGateEdge() {
        MidiInput input = new MidiInput();
        BlockAdapter adapter = new BlockAdapter(keysEngine(input, 64, 0), input);
        input.offer(10, 0x90, 60, 100);
        input.offer(20, 0x90, 69, 100);
        input.offer(30, 0x90, 69, 0);     // note-on with velocity 0 is a note-off
        input.offer(40, 0x80, 60, 0);
        float[][] out = render(adapter, 64);
        assertEquals(C4, out[1][15]);
        assertEquals(A4, out[1][25]);
        assertEquals(C4, out[1][35]);
        assertEquals(1f, out[0][35]);
        assertEquals(0f, out[0][40]);
        assertEquals(C4, out[1][63], "the pitch holds after release");
    }

    @Test
    void theChannelParameterIgnoresOtherChannels() {
        MidiInput input = new MidiInput();
        BlockAdapter adapter = new BlockAdapter(keysEngine(input, 64, 2), input);
        input.offer(5, 0x90, 69, 100);    // channel 1: ignored
        input.offer(9, 0x91, 60, 100);    // channel 2
        float[][] out = render(adapter, 64);
        assertEquals(0f, out[0][8]);
        assertEquals(1f, out[0][9]);
        assertEquals(C4, out[1][63]);
    }

    @Test
    void javaSoundMidiMessagesWithoutAStampTakeEffectAtTheNextBlock() throws Exception {
        MidiInput input = new MidiInput();
        BlockAdapter adapter = new BlockAdapter(keysEngine(input, 64, 0), input);
        render(adapter, 64);
        input.send(new ShortMessage(ShortMessage.NOTE_ON, 0, 69, 90), 123_456L);
        float[][] out = render(adapter, 128);
        assertEquals(1f, out[0][0]);
        assertEquals(A4, out[1][0]);
        input.send(new ShortMessage(ShortMessage.NOTE_OFF, 0, 69, 0), -1L);
        out = render(adapter, 64);
        assertEquals(0f, out[0][0]);
    }

    @Test
    void theRtSideAllocatesNothingWhileEventsFlow() {
        MidiInput input = new MidiInput();
        BlockAdapter adapter = new BlockAdapter(keysEngine(input, 64, 0), input);
        float[][] out = new float[3][256];
        long[] frame = {0};
        long[] rounds = AllocationProbe.steadyState(() -> {
            for (int b = 0; b < 200; b++) {
                input.offer(frame[0] + 10, 0x90, 60 + b % 12, 100);
                input.offer(frame[0] + 200, 0x80, 60 + b % 12, 0);
                input.offer(frame[0] + 201, 0xB0, 7, b % 128);  // no mapping attached: ignored
                adapter.render(out, 0, 256);
                frame[0] += 256;
            }
        }, 3, 50);
        assertArrayEquals(new long[] {0, 0, 0}, java.util.Arrays.copyOfRange(rounds, rounds.length - 3, rounds.length),
                "bytes per round: " + java.util.Arrays.toString(rounds));
    }

    @TestFactory
    java.util.stream.Stream<DynamicNode> midiKeysPassesTheConformanceSuite() {
        return NodeConformance.forProvider(new MidiNodeProvider()).tests();
    }
}
