package org.aetherdsp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavFormatTest {

    @ParameterizedTest
    @CsvSource({"16, PCM_16", "24, PCM_24", "32, PCM_32", "f32, FLOAT_32", "32f, FLOAT_32",
        "float, FLOAT_32", "' FLOAT ', FLOAT_32", "F32, FLOAT_32"})
    void parsesEveryCommandLineSpelling(String text, WavFormat expected) {
        assertEquals(expected, WavFormat.parse(text));
    }

    @Test
    void unknownSpellingIsRejectedNamingItAndTheAcceptedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WavFormat.parse("8"));
        assertTrue(e.getMessage().contains("'8'"), e.getMessage());
        assertTrue(e.getMessage().contains("16, 24, 32, f32, 32f, float"), e.getMessage());
    }

    @Test
    void missingValueIsRejectedListingTheAcceptedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WavFormat.parse(null));
        assertTrue(e.getMessage().contains("accepted: 16, 24"), e.getMessage());
    }

    @Test
    void bitsAndFormatTagsFollowTheWaveSpec() {
        assertEquals(16, WavFormat.PCM_16.bitsPerSample());
        assertEquals(3, WavFormat.PCM_24.bytesPerSample());
        assertEquals(1, WavFormat.PCM_24.formatTag());
        assertEquals(1, WavFormat.PCM_32.formatTag());
        assertEquals(3, WavFormat.FLOAT_32.formatTag());
        assertEquals(32, WavFormat.FLOAT_32.bitsPerSample());
        assertTrue(WavFormat.FLOAT_32.isFloat());
    }
}
