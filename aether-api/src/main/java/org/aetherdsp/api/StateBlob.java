package org.aetherdsp.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * The saved internal state of one node: the bytes its {@link DspNode#saveState} wrote,
 * the layout version, and the node type it belongs to. Immutable plain data, safe to keep,
 * share and serialise.
 */
public final class StateBlob {

    private final String typeId;
    private final int version;
    private final byte[] bytes;

    /**
     * @param typeId  the node type id that wrote it
     * @param version the node's {@link DspNode#stateVersion()} when it wrote it
     * @param bytes   the state; copied
     */
    public StateBlob(String typeId, int version, byte[] bytes) {
        this.typeId = Objects.requireNonNull(typeId, "typeId");
        this.version = version;
        this.bytes = bytes.clone();
    }

    /** @return the node type id that wrote it */
    public String typeId() {
        return typeId;
    }

    /** @return the state layout version */
    public int version() {
        return version;
    }

    /** @return the number of bytes */
    public int size() {
        return bytes.length;
    }

    /** @return a copy of the bytes */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** @return a fresh reader over the bytes */
    public StateBuffer reader() {
        return StateBuffer.wrapCopy(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateBlob b && b.version == version && b.typeId.equals(typeId) && Arrays.equals(b.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * typeId.hashCode() + version) + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "StateBlob[" + typeId + " v" + version + ", " + bytes.length + " bytes]";
    }
}
