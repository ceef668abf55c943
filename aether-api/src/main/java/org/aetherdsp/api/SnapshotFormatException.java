package org.aetherdsp.api;

import java.io.IOException;

/**
 * Data that is not a valid snapshot: bad magic, unknown format version, bad checksum,
 * truncated, oversized, or well-formed but inconsistent. The message says which, and where
 * (an offset, or a line and column or a JSON path for text formats).
 */
public class SnapshotFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, and where */
    public SnapshotFormatException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, and where
     * @param cause   the underlying failure
     */
    public SnapshotFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
