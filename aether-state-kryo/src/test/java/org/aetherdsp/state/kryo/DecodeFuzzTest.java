package org.aetherdsp.state.kryo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.SnapshotFormatException;
import org.junit.jupiter.api.Test;

/**
 * Hostile inputs derived from valid encodings: every one must end in a
 * {@link SnapshotFormatException} or (a mutation that happens to leave a valid snapshot) a
 * valid snapshot that re-encodes to itself. Never another exception, never an
 * {@code OutOfMemoryError}, never a hang.
 */
class DecodeFuzzTest {

    private static final long SEED = 0x5EED_AE7E_12L;
    private static final int[] FORGED = {Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 30, 1 << 24, -1, -2, 0, 0xFFFF};

    private final KryoSnapshotCodec codec = new KryoSnapshotCodec();
    private final SplittableRandom random = new SplittableRandom(SEED);
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private int inputs;
    private long maxAllocated;
    private int maxInput;
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    @Test
    void everyMutationOfValidEncodingsIsRejectedOrDecodesToAValidSnapshot() {
        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(60), this::fuzz);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("[fuzz] " + inputs + " inputs in " + ms + " ms; most allocated by one decode "
                + maxAllocated + " bytes (largest input " + maxInput + " bytes); outcomes: " + outcomes);
        assertTrue(failures.isEmpty(), () -> failures.size() + " inputs broke the contract, first: " + failures.subList(0, Math.min(5, failures.size())));
        assertTrue(inputs >= 10_000, "only " + inputs + " inputs");
        // No forged length or count drives an allocation: what a decode allocates stays
        // proportional to its input (the records, the strings, the maps), whatever it claims.
        assertTrue(maxAllocated < 64L * maxInput + (1 << 20), "a decode allocated " + maxAllocated + " bytes");
        assertTrue(outcomes.getOrDefault("valid snapshot", 0) > 0 && outcomes.size() > 8, "the fuzz reaches many checks: " + outcomes);
    }

    private void fuzz() throws IOException {
        GraphSnapshot small = Fixtures.small();
        List<GraphSnapshot> realistic = List.of(small, Fixtures.synth(), Fixtures.chain(40, 64, 7), Fixtures.looped());
        byte[] smallData = codec.encode(small);

        // Truncation at every length, first as is, then with a header that matches (so the payload parser runs out).
        for (int n = 0; n < smallData.length; n++) {
            byte[] cut = Arrays.copyOf(smallData, n);
            check("truncate " + n, cut);
            check("truncate+reframe " + n, Fixtures.reframe(cut));
        }
        for (GraphSnapshot s : realistic) {
            byte[] data = codec.encode(s);
            // Random flips of 1 to 8 bits anywhere: mostly caught by the header checks or the CRC.
            for (int i = 0; i < 1200; i++) {
                check("flip", flip(data.clone(), 0));
            }
            // The same in the payload with the CRC recomputed: the payload parser sees the damage.
            for (int i = 0; i < 1200; i++) {
                check("flip+crc", Fixtures.reframe(flip(data.clone(), KryoSnapshotCodec.HEADER_BYTES)));
            }
            // Every count and length field forged: huge, negative, zero, and off by a little.
            int fields = Fixtures.PayloadWriter.fieldCount(s);
            List<Integer> fieldIndexes = new ArrayList<>();
            for (int f = 0; f < fields; f++) {
                fieldIndexes.add(f);
            }
            if (fields > 150) {
                // The big patch: a random 150 of them.
                java.util.Collections.shuffle(fieldIndexes, new java.util.Random(random.nextLong()));
                fieldIndexes = fieldIndexes.subList(0, 150);
            }
            int[] original = originalCounts(s);
            for (int f : fieldIndexes) {
                for (int v : FORGED) {
                    check("forge field " + f + "=" + v, Fixtures.frame(new Fixtures.PayloadWriter(f, v).write(s)));
                }
                for (int delta = -3; delta <= 3; delta++) {
                    if (delta != 0) {
                        int v = original[f] + delta;
                        check("forge field " + f + "=" + v, Fixtures.frame(new Fixtures.PayloadWriter(f, v).write(s)));
                    }
                }
            }
            // The header's own fields forged.
            for (int v : new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 0, 1, data.length - 21, data.length - 19,
                    KryoSnapshotCodec.MAX_PAYLOAD_BYTES, KryoSnapshotCodec.MAX_PAYLOAD_BYTES + 1}) {
                byte[] length = data.clone();
                Fixtures.putInt(length, 12, v);
                check("header length=" + v, length);
                byte[] version = data.clone();
                Fixtures.putInt(version, 8, v);
                check("header version=" + v, version);
            }
            // Insertions and deletions inside the payload, CRC recomputed.
            for (int i = 0; i < 400; i++) {
                check("splice+crc", Fixtures.reframe(splice(data)));
            }
        }
        // Random garbage after a valid header: length and CRC right, payload random.
        for (int i = 0; i < 1500; i++) {
            byte[] garbage = new byte[random.nextInt(0, 400)];
            random.nextBytes(garbage);
            check("garbage+crc", Fixtures.frame(garbage));
            byte[] raw = new byte[20 + garbage.length];
            System.arraycopy(smallData, 0, raw, 0, 20);
            System.arraycopy(garbage, 0, raw, 20, garbage.length);
            check("garbage", raw);
        }
    }

    private byte[] flip(byte[] data, int from) {
        int bits = random.nextInt(1, 9);
        for (int b = 0; b < bits; b++) {
            int at = random.nextInt(from, data.length);
            data[at] ^= (byte) (1 << random.nextInt(8));
        }
        return data;
    }

    private byte[] splice(byte[] data) {
        int at = random.nextInt(KryoSnapshotCodec.HEADER_BYTES, data.length);
        int n = random.nextInt(1, 9);
        byte[] out;
        if (random.nextBoolean()) {
            out = new byte[data.length + n];
            System.arraycopy(data, 0, out, 0, at);
            for (int i = 0; i < n; i++) {
                out[at + i] = (byte) random.nextInt(256);
            }
            System.arraycopy(data, at, out, at + n, data.length - at);
        } else {
            n = Math.min(n, data.length - at);
            out = new byte[data.length - n];
            System.arraycopy(data, 0, out, 0, at);
            System.arraycopy(data, at + n, out, at, data.length - at - n);
        }
        return out;
    }

    /** The true value of every count and length field, in the writer's order. */
    private static int[] originalCounts(GraphSnapshot s) {
        List<Integer> values = new ArrayList<>();
        values.add(s.nodes().size());
        for (GraphSnapshot.NodeSnapshot n : s.nodes()) {
            values.add(utf8(n.id()));
            values.add(utf8(n.typeId()));
            values.add(n.params().size());
            for (String k : n.params().keySet()) {
                values.add(utf8(k));
            }
            if (n.state() != null) {
                values.add(utf8(n.state().typeId()));
                values.add(n.state().size());
            }
        }
        values.add(s.connections().size());
        for (GraphSnapshot.Connection c : s.connections()) {
            values.add(utf8(c.source()));
            values.add(utf8(c.target()));
        }
        values.add(s.outputs().size());
        for (GraphSnapshot.Output o : s.outputs()) {
            values.add(utf8(o.node()));
        }
        assertEquals(Fixtures.PayloadWriter.fieldCount(s), values.size());
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private void check(String what, byte[] data) {
        inputs++;
        maxInput = Math.max(maxInput, data.length);
        byte[] copy = data.clone();
        try {
            long before = threads.getCurrentThreadAllocatedBytes();
            GraphSnapshot s;
            try {
                s = codec.decode(data);
            } finally {
                maxAllocated = Math.max(maxAllocated, threads.getCurrentThreadAllocatedBytes() - before);
            }
            // Valid after all: it must be a snapshot that survives its own round trip.
            if (!s.equals(codec.decode(codec.encode(s)))) {
                failures.add(what + ": decoded snapshot does not round-trip");
            }
            count("valid snapshot");
        } catch (SnapshotFormatException e) {
            count(category(e.getMessage()));
        } catch (Throwable t) {
            failures.add(what + ": " + t);
        }
        if (!Arrays.equals(copy, data)) {
            failures.add(what + ": decode changed its input");
        }
    }

    private void count(String outcome) {
        outcomes.merge(outcome, 1, Integer::sum);
    }

    /** The message with its numbers and names cut off: what kind of check caught it. */
    private static String category(String message) {
        String[] kinds = {"not an Aether snapshot", "truncated header", "unsupported snapshot format version",
                "negative payload length", "exceeds the limit", "truncated: the header declares",
                "unexpected bytes after the declared payload", "checksum mismatch", "unexpected bytes after the snapshot",
                "count of", "length of", "not valid UTF-8", "appears twice", "state flag", "Buffer underflow",
                "is invalid", "malformed payload", "kind of connection", "feedback contents"};
        for (String k : kinds) {
            if (message.contains(k)) {
                return k;
            }
        }
        return "other: " + message;
    }
}
