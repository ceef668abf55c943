package org.aetherdsp.io;

import java.util.Locale;

/**
 * The sample encoding of a WAV file's data chunk.
 *
 * <p>Integer PCM is scaled symmetrically: full scale {@code ±1.0f} maps to
 * {@code ±(2^(bits-1) - 1)} on writing, and a code {@code q} reads back as
 * {@code q / (2^(bits-1) - 1)}, so {@code ±1.0f} survives a round trip exactly. The one
 * extra negative code a foreign file may hold ({@code -2^(bits-1)}) reads as slightly
 * below {@code -1.0f}.
 */
public enum WavFormat {
    /** 16-bit signed integer PCM (WAVE format tag 1). */
    PCM_16(16, 1),
    /** 24-bit signed integer PCM, packed in 3 bytes (WAVE format tag 1). */
    PCM_24(24, 1),
    /** 32-bit signed integer PCM (WAVE format tag 1). */
    PCM_32(32, 1),
    /** 32-bit IEEE 754 float, values written as is (WAVE format tag 3). */
    FLOAT_32(32, 3);

    /** WAVE_FORMAT_PCM. */
    static final int TAG_PCM = 1;
    /** WAVE_FORMAT_IEEE_FLOAT. */
    static final int TAG_IEEE_FLOAT = 3;
    /** WAVE_FORMAT_EXTENSIBLE: the real tag is in the fmt chunk's SubFormat GUID. */
    static final int TAG_EXTENSIBLE = 0xFFFE;

    private static final String ACCEPTED = "16, 24, 32, f32, 32f, float";

    private final int bitsPerSample;
    private final int formatTag;

    WavFormat(int bitsPerSample, int formatTag) {
        this.bitsPerSample = bitsPerSample;
        this.formatTag = formatTag;
    }

    /**
     * @return bits per sample as written in the fmt chunk: 16, 24 or 32
     */
    public int bitsPerSample() {
        return bitsPerSample;
    }

    /**
     * @return bytes one sample of one channel takes in the data chunk
     */
    public int bytesPerSample() {
        return bitsPerSample / 8;
    }

    /**
     * @return the WAVE format tag: 1 for integer PCM, 3 for IEEE float
     */
    public int formatTag() {
        return formatTag;
    }

    /**
     * @return true for {@link #FLOAT_32}
     */
    public boolean isFloat() {
        return formatTag == TAG_IEEE_FLOAT;
    }

    /**
     * Parses a command-line spelling: {@code 16}, {@code 24}, {@code 32} (integer PCM) or
     * {@code f32}, {@code 32f}, {@code float} (32-bit float). Case and surrounding blanks
     * are ignored.
     *
     * @param text the option value
     * @return the format it names
     * @throws IllegalArgumentException if {@code text} is null or names no format; the
     *                                  message quotes it and lists the accepted values
     */
    public static WavFormat parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("WAV format is missing; accepted: " + ACCEPTED);
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "16":
                return PCM_16;
            case "24":
                return PCM_24;
            case "32":
                return PCM_32;
            case "f32":
            case "32f":
            case "float":
                return FLOAT_32;
            default:
                throw new IllegalArgumentException(
                        "unknown WAV format '" + text + "'; accepted: " + ACCEPTED);
        }
    }
}
