package org.aetherdsp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Our files as the JDK's own WAV readers (java.desktop) see them. */
class JavaSoundCompatibilityTest {
    private static final int RATE = 44_100;
    private static final int FRAMES = 100 * Signals.BLOCK + 33;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = WavFormat.class, names = {"PCM_16", "PCM_24"})
    void javaSoundReadsThePcmHeader(WavFormat format)
            throws IOException, UnsupportedAudioFileException {
        Path f = write(format, 2);
        AudioFileFormat aff = AudioSystem.getAudioFileFormat(f.toFile());
        assertEquals(AudioFileFormat.Type.WAVE, aff.getType());
        assertEquals(FRAMES, aff.getFrameLength());
        AudioFormat af = aff.getFormat();
        assertEquals(AudioFormat.Encoding.PCM_SIGNED, af.getEncoding());
        assertEquals(RATE, af.getSampleRate());
        assertEquals(2, af.getChannels());
        assertEquals(format.bitsPerSample(), af.getSampleSizeInBits());
        assertFalse(af.isBigEndian());
    }

    @Test
    void javaSoundDecodesTheSamePcm16SamplesAsWavReader()
            throws IOException, UnsupportedAudioFileException {
        Path f = write(WavFormat.PCM_16, 2);
        float[][] ours = WavReader.read(f).samples();
        ByteBuffer theirs = readAll(f);
        for (int i = 0; i < FRAMES; i++) {
            for (int c = 0; c < 2; c++) {
                assertEquals(Math.round(ours[c][i] * 32_767f), theirs.getShort(),
                        "channel " + c + " frame " + i);
            }
        }
    }

    /** The JDK has a reader for tag 3 (WaveFloatFileReader): it reports PCM_FLOAT. */
    @Test
    void javaSoundReadsFloat32AsPcmFloatWithTheSameSamples()
            throws IOException, UnsupportedAudioFileException {
        Path f = write(WavFormat.FLOAT_32, 2);
        AudioFileFormat aff = AudioSystem.getAudioFileFormat(f.toFile());
        assertEquals(AudioFileFormat.Type.WAVE, aff.getType());
        assertEquals(FRAMES, aff.getFrameLength());
        AudioFormat af = aff.getFormat();
        assertEquals(AudioFormat.Encoding.PCM_FLOAT, af.getEncoding());
        assertEquals(RATE, af.getSampleRate());
        assertEquals(2, af.getChannels());
        assertEquals(32, af.getSampleSizeInBits());
        assertFalse(af.isBigEndian());

        float[][] ours = WavReader.read(f).samples();
        ByteBuffer theirs = readAll(f);
        for (int i = 0; i < FRAMES; i++) {
            for (int c = 0; c < 2; c++) {
                assertEquals(ours[c][i], theirs.getFloat(), "channel " + c + " frame " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(WavFormat.class)
    void javaSoundReadsTheExtensibleMultichannelHeader(WavFormat format)
            throws IOException, UnsupportedAudioFileException {
        Path f = write(format, 4);
        AudioFileFormat aff = AudioSystem.getAudioFileFormat(f.toFile());
        assertEquals(FRAMES, aff.getFrameLength());
        assertEquals(4, aff.getFormat().getChannels());
        assertEquals(format.bitsPerSample(), aff.getFormat().getSampleSizeInBits());
        assertEquals(format.isFloat() ? AudioFormat.Encoding.PCM_FLOAT
                : AudioFormat.Encoding.PCM_SIGNED, aff.getFormat().getEncoding());
    }

    private Path write(WavFormat format, int channels) throws IOException {
        Path f = dir.resolve(format + "-" + channels + ".wav");
        Signals.write(f, RATE, format, Signals.sine(channels, FRAMES, 1000, RATE, 0.7));
        return f;
    }

    private static ByteBuffer readAll(Path f) throws IOException, UnsupportedAudioFileException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(f.toFile())) {
            return ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
