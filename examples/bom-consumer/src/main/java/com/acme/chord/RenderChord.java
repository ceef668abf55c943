package com.acme.chord;

import java.io.IOException;
import java.nio.file.Path;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.aetherdsp.io.WavFormat;
import org.aetherdsp.io.WavWriter;

/**
 * Renders an A minor chord (three saws through a low-pass filter that opens over the first
 * second) to a 24-bit stereo WAV file.
 */
public final class RenderChord {

    static final int SAMPLE_RATE = 48_000;
    static final float[] CHORD_HZ = {220f, 261.63f, 329.63f};

    private RenderChord() {
    }

    /**
     * @param out     the WAV file to write
     * @param seconds how long to render
     * @return the number of frames written
     * @throws IOException if the file cannot be written
     */
    public static long render(Path out, double seconds) throws IOException {
        Engine engine = Engine.builder().sampleRate(SAMPLE_RATE).blockSize(64).outputChannels(2).build();
        long filter = engine.add("std.filter.svf");
        engine.setParam(filter, "cutoff", 200f, 0f);
        engine.setParam(filter, "q", 2f, 0f);
        for (float hz : CHORD_HZ) {
            long saw = engine.add("std.osc.saw");
            engine.setParam(saw, "freq", hz, 0f);
            engine.setParam(saw, "amp", 0.25f, 0f);
            engine.connect(saw, 0, filter, 0);          // three sources on one input are summed
        }
        engine.connectOutput(filter, 0, 0);             // low-pass output to both channels
        engine.connectOutput(filter, 0, 1);
        engine.setParam(filter, "cutoff", 3_000f, 1_000f); // a one-second sweep, smoothed by the engine

        long frames = Math.round(seconds * SAMPLE_RATE);
        try (WavWriter wav = WavWriter.open(out, SAMPLE_RATE, 2, WavFormat.PCM_24)) {
            OfflineRenderer.render(engine, frames, null, wav::write);
            return wav.frames();
        }
    }

    /**
     * @param args the output file (default chord.wav) and optionally the length in seconds (default 3)
     * @throws IOException if the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "chord.wav");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3.0;
        long frames = render(out, seconds);
        System.out.println("rendered " + frames + " frames to " + out);
    }
}
