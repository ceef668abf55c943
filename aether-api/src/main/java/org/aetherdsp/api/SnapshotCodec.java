package org.aetherdsp.api;

import java.io.IOException;

/**
 * Turns a {@link GraphSnapshot} into bytes and back: the service a snapshot format provides,
 * found with {@link java.util.ServiceLoader} ({@code provides org.aetherdsp.api.SnapshotCodec
 * with ...}). Implementations are stateless and thread-safe.
 *
 * <p>Decoding must treat its input as hostile: any malformed, truncated, forged or oversized
 * input ends in a {@link SnapshotFormatException} saying what is wrong, never another
 * exception, never an allocation sized by an untrusted length field, never a hang.
 */
public interface SnapshotCodec {

    /** @return a short name of the format, e.g. {@code "kryo"} or {@code "json"} */
    String format();

    /**
     * Whether {@code head} (the first bytes of some data, possibly fewer than asked for)
     * looks like this format, so a reader can pick a codec by content.
     *
     * @param head the first bytes
     * @return true if this codec should try to decode it
     */
    boolean recognizes(byte[] head);

    /**
     * @param snapshot the snapshot
     * @return its encoding
     * @throws IOException if it cannot be encoded
     */
    byte[] encode(GraphSnapshot snapshot) throws IOException;

    /**
     * @param data an encoding made by {@link #encode}, or anything at all
     * @return the snapshot
     * @throws SnapshotFormatException if the data is not a valid snapshot, saying why
     */
    GraphSnapshot decode(byte[] data) throws SnapshotFormatException;
}
