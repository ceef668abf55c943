package org.aetherdsp.lv2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateBuffer;
import org.aetherdsp.core.param.SmoothedParams;
import org.aetherdsp.io.midi.MidiInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker extension with eg-sampler: restoring a state that names another sample makes the
 * plugin schedule the load; the host's worker thread loads it (off the RT thread) and the
 * response reaches the plugin at a block boundary, after which a note plays the new sample.
 */
class Lv2WorkerTest {

    private static final String SAMPLE_KEY = "http://lv2plug.in/plugins/eg-sampler#sample";

    /** A 16-bit mono WAV of a 1 kHz sine. */
    private static Path sine(Path dir) throws IOException {
        int n = 48_000;
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * n).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1).putInt(48_000)
                .putInt(96_000).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * n);
        for (int i = 0; i < n; i++) {
            b.putShort((short) Math.round(16_000 * Math.sin(2 * Math.PI * 1000 * i / 48_000.0)));
        }
        Path p = dir.resolve("sine-1k.wav");
        Files.write(p, b.array());
        return p;
    }

    @Test
    void workerLoadsASampleOffTheRtThreadAndTheResponseArrivesAtABlockBoundary(@TempDir Path dir) throws Exception {
        Lv2Host host = Lv2TestPlugins.host(Lv2TestPlugins.SAMPLER);
        Lv2Node node = host.create(Lv2TestPlugins.SAMPLER);
        ProcessContext context = ProcessContext.of(48_000f, 64, 0);
        node.prepare(context);
        SmoothedParams params = new SmoothedParams(node.layout().descriptor);
        MidiInput midi = new MidiInput();
        node.listen(midi);
        float[][] out = new float[1][64];
        long frame = 0;
        midi.beforeBlock(frame, 64);
        node.process(new float[0][], out, params, context);
        frame += 64;

        StateBuffer saved = new StateBuffer(node.stateSize());
        node.saveState(saved);
        Map<String, Lv2StateTest.Property> props = Lv2StateTest.decode(saved.toByteArray());
        Lv2StateTest.Property sample = props.get(SAMPLE_KEY);
        assertNotNull(sample, "eg-sampler saves its sample path: " + props.keySet());
        assertTrue(new String(sample.value(), StandardCharsets.UTF_8).contains("click.wav"), "the default state's sample");

        Map<String, Lv2StateTest.Property> changed = new LinkedHashMap<>(props);
        byte[] path = (sine(dir).toString() + "\0").getBytes(StandardCharsets.UTF_8);
        changed.put(SAMPLE_KEY, new Lv2StateTest.Property(sample.type(), sample.flags(), path));
        long before = node.workDone();
        node.loadState(StateBuffer.wrapCopy(Lv2StateTest.encode(changed)), Lv2Node.STATE_VERSION); // activated: the load is scheduled
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (node.workDone() == before && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(before + 1, node.workDone(), "the worker thread ran the load");
        // The response is delivered at the next block boundary; then a note plays the new sample.
        midi.beforeBlock(frame, 64);
        node.process(new float[0][], out, params, context);
        frame += 64;
        midi.offer(frame, 0x90, 60, 127);
        float[] heard = new float[8192];
        for (int at = 0; at < heard.length; at += 64) {
            midi.beforeBlock(frame, 64);
            node.process(new float[0][], out, params, context);
            frame += 64;
            System.arraycopy(out[0], 0, heard, at, 64);
        }
        StateBuffer now = new StateBuffer(node.stateSize());
        node.saveState(now);
        assertTrue(new String(Lv2StateTest.decode(now.toByteArray()).get(SAMPLE_KEY).value(), StandardCharsets.UTF_8)
                .contains("sine-1k.wav"), "the plugin now holds the new sample");
        double f = Lv2MidiTest.peak(heard, 500, 2000);
        System.out.println("eg-sampler after the worker's load plays " + f + " Hz");
        assertEquals(1000.0, f, 2.0, "the note plays the sample the worker loaded");
    }
}
