package org.aetherdsp.state.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.SnapshotCodec;
import org.aetherdsp.api.SnapshotFormatException;

/**
 * The binary snapshot format ({@code "kryo"}): exact engine state, compact and fast.
 *
 * <h2>Layout</h2>
 * All header integers are big-endian.
 * <pre>
 * offset  size  field
 *      0     8  magic, ASCII "AETHSNAP"
 *      8     4  format version (2; version 1, without feedback connections and host inputs, is still read)
 *     12     4  payload length in bytes (at most {@link #MAX_PAYLOAD_BYTES})
 *     16     4  CRC32 of the payload
 *     20     n  payload, written field by field with a Kryo Output (see SnapshotSerializer)
 * </pre>
 *
 * <p>Kryo runs with class registration required and only {@link GraphSnapshot} registered,
 * read with {@code readObject(input, GraphSnapshot.class)}: the data never names a class,
 * so a crafted file cannot make the decoder instantiate anything. Every length and count in
 * the payload is checked against the bytes that remain before anything is allocated for it.
 *
 * <p>Stateless and thread-safe: each call borrows a Kryo instance from a pool.
 */
public final class KryoSnapshotCodec implements SnapshotCodec {

    /** The format name. */
    public static final String FORMAT = "kryo";
    /** The file format version this build writes (2: feedback connections and their contents, host inputs). */
    public static final int FORMAT_VERSION = 2;
    /** The oldest file format version this build reads. */
    public static final int OLDEST_READABLE_VERSION = 1;
    /** The largest payload accepted (256 MiB). */
    public static final int MAX_PAYLOAD_BYTES = 256 << 20;
    /** Bytes before the payload. */
    public static final int HEADER_BYTES = 20;

    private static final byte[] MAGIC = "AETHSNAP".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION_OFFSET = 8;
    private static final int LENGTH_OFFSET = 12;
    private static final int CRC_OFFSET = 16;
    /** Fixed and never written to a file: only the serializer's lookup key inside Kryo. */
    private static final int SNAPSHOT_REGISTRATION_ID = 100;

    private final Pool<Kryo> kryos = new Pool<>(true, false, 16) {
        @Override
        protected Kryo create() {
            Kryo kryo = new Kryo();
            kryo.setRegistrationRequired(true);
            kryo.setReferences(false);
            kryo.register(GraphSnapshot.class, new SnapshotSerializer(), SNAPSHOT_REGISTRATION_ID);
            return kryo;
        }
    };

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean recognizes(byte[] head) {
        if (head == null || head.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (head[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public byte[] encode(GraphSnapshot snapshot) throws IOException {
        Kryo kryo = kryos.obtain();
        try {
            Output out = new Output(8192, HEADER_BYTES + MAX_PAYLOAD_BYTES);
            out.setPosition(HEADER_BYTES);
            kryo.writeObject(out, snapshot);
            byte[] data = out.toBytes();
            int length = data.length - HEADER_BYTES;
            System.arraycopy(MAGIC, 0, data, 0, MAGIC.length);
            putInt(data, VERSION_OFFSET, FORMAT_VERSION);
            putInt(data, LENGTH_OFFSET, length);
            putInt(data, CRC_OFFSET, crc(data, HEADER_BYTES, length));
            return data;
        } catch (SnapshotSerializer.MalformedPayload e) {
            throw new IOException(e.getMessage(), e);
        } catch (KryoException e) {
            // Output refuses to grow past its maximum with "Buffer overflow".
            throw new IOException("snapshot of more than " + MAX_PAYLOAD_BYTES + " bytes exceeds the limit", e);
        } finally {
            kryos.free(kryo);
        }
    }

    @Override
    public GraphSnapshot decode(byte[] data) throws SnapshotFormatException {
        if (data == null) {
            throw new SnapshotFormatException("not an Aether snapshot: no data");
        }
        checkHeader(data);
        int length = getInt(data, LENGTH_OFFSET);
        int stored = getInt(data, CRC_OFFSET);
        int computed = crc(data, HEADER_BYTES, length);
        if (stored != computed) {
            throw new SnapshotFormatException("checksum mismatch: the snapshot is corrupt (stored CRC32 "
                    + Integer.toHexString(stored) + ", computed " + Integer.toHexString(computed) + ")");
        }
        Input in = new PayloadInput(data, HEADER_BYTES, length);
        Kryo kryo = kryos.obtain();
        try {
            ((SnapshotSerializer) kryo.getRegistration(GraphSnapshot.class).getSerializer())
                    .readingVersion(getInt(data, VERSION_OFFSET));
            GraphSnapshot snapshot = kryo.readObject(in, GraphSnapshot.class);
            if (in.position() != data.length) {
                throw new SnapshotFormatException((data.length - in.position()) + " unexpected bytes after the snapshot at offset "
                        + in.position());
            }
            return snapshot;
        } catch (SnapshotSerializer.MalformedPayload e) {
            throw new SnapshotFormatException(e.getMessage(), e);
        } catch (KryoException e) {
            // Mostly "Buffer underflow": a field runs past the end of the payload.
            throw new SnapshotFormatException("truncated or malformed payload at offset " + in.position() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // The contract is that nothing but SnapshotFormatException escapes; anything else
            // here is a malformed input the checks above did not name more precisely.
            throw new SnapshotFormatException("malformed payload at offset " + in.position() + ": " + e, e);
        } finally {
            kryos.free(kryo);
        }
    }

    /** Magic, version and declared length; nothing is allocated before these pass. */
    private void checkHeader(byte[] data) throws SnapshotFormatException {
        int compared = Math.min(data.length, MAGIC.length);
        for (int i = 0; i < compared; i++) {
            if (data[i] != MAGIC[i]) {
                throw new SnapshotFormatException("not an Aether snapshot: bad magic at offset " + i);
            }
        }
        if (data.length < HEADER_BYTES) {
            throw new SnapshotFormatException("truncated header: " + data.length + " bytes, the header alone is " + HEADER_BYTES);
        }
        int version = getInt(data, VERSION_OFFSET);
        if (version < OLDEST_READABLE_VERSION || version > FORMAT_VERSION) {
            throw new SnapshotFormatException("unsupported snapshot format version " + version + "; this build reads "
                    + OLDEST_READABLE_VERSION + " to " + FORMAT_VERSION);
        }
        int length = getInt(data, LENGTH_OFFSET);
        if (length < 0) {
            throw new SnapshotFormatException("negative payload length " + length + " at offset " + LENGTH_OFFSET);
        }
        if (length > MAX_PAYLOAD_BYTES) {
            throw new SnapshotFormatException("snapshot of " + length + " bytes exceeds the limit of " + MAX_PAYLOAD_BYTES
                    + " (length at offset " + LENGTH_OFFSET + ")");
        }
        int present = data.length - HEADER_BYTES;
        if (length > present) {
            throw new SnapshotFormatException("truncated: the header declares " + length + " payload bytes, "
                    + present + " are present");
        }
        if (length < present) {
            throw new SnapshotFormatException((present - length) + " unexpected bytes after the declared payload at offset "
                    + (HEADER_BYTES + length));
        }
    }

    private static int crc(byte[] data, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
