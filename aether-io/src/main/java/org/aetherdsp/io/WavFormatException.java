package org.aetherdsp.io;

import java.io.IOException;

/**
 * A file is not a WAV file this module can read: not RIFF/WAVE, an unsupported sample
 * format, a malformed or truncated chunk. The message names the file and what is wrong.
 */
public class WavFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong with the file, naming the file
     */
    public WavFormatException(String message) {
        super(message);
    }
}
