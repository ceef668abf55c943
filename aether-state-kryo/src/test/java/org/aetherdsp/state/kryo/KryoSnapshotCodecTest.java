package org.aetherdsp.state.kryo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.GraphSnapshot.Connection;
import org.aetherdsp.api.GraphSnapshot.NodeSnapshot;
import org.aetherdsp.api.GraphSnapshot.Output;
import org.aetherdsp.api.SnapshotCodec;
import org.aetherdsp.api.SnapshotFormatException;
import org.aetherdsp.api.StateBlob;
import org.junit.jupiter.api.Test;

class KryoSnapshotCodecTest {

    private final KryoSnapshotCodec codec = new KryoSnapshotCodec();

    private GraphSnapshot roundTrip(GraphSnapshot s) throws IOException {
        GraphSnapshot back = codec.decode(codec.encode(s));
        assertEquals(s, back);
        return back;
    }

    private String failure(byte[] data) {
        return assertThrows(SnapshotFormatException.class, () -> codec.decode(data)).getMessage();
    }

    private static void assertContains(String expected, String message) {
        assertTrue(message.contains(expected), () -> "expected '" + expected + "' in: " + message);
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void snapshotWithStatesRoundTripsByValueKeepingParamOrder() throws IOException {
        GraphSnapshot back = roundTrip(Fixtures.synth());
        assertEquals(List.of("level", "mix", "time"), List.copyOf(back.nodes().get(3).params().keySet()));
        assertArrayEquals(Fixtures.synth().nodes().get(3).state().bytes(), back.nodes().get(3).state().bytes());
    }

    @Test
    void snapshotWithoutStatesRoundTrips() throws IOException {
        roundTrip(new GraphSnapshot(96_000f, 32, 8, 0, List.of(
                new NodeSnapshot("a", "std.osc.sine", Map.of(), null),
                new NodeSnapshot("b", "std.gain", Map.of("gain", 1f), null)),
                List.of(new Connection("a", 0, "b", 3)), List.of(new Output("b", 0, 7))));
    }

    @Test
    void hostInputRoutesRoundTripInFormatVersion2() throws IOException {
        GraphSnapshot s = new GraphSnapshot(48_000f, 64, 2, 0, List.of(
                new NodeSnapshot("fx", "std.gain", Map.of("gain", 0.5f), null),
                new NodeSnapshot("mix", "std.mix", Map.of(), null)),
                List.of(new Connection("fx", 0, "mix", 0)), List.of(new Output("mix", 0, 0)),
                3, List.of(new GraphSnapshot.Input(0, "fx", 0), new GraphSnapshot.Input(2, "mix", 1)));
        byte[] data = codec.encode(s);
        assertEquals(2, data[11]);
        assertEquals(s, codec.decode(data));
    }

    @Test
    void aVersion1SnapshotWithoutFeedbackOrInputsIsStillRead() throws IOException {
        // What builds before format version 2 wrote: no connection kinds, no input section.
        byte[] v1 = Fixtures.frame(new Fixtures.PayloadWriter(-1, 0, 1).write(Fixtures.small()));
        assertEquals(1, v1[11]);
        assertEquals(Fixtures.small(), codec.decode(v1));
    }

    @Test
    void emptyPatchRoundTrips() throws IOException {
        roundTrip(new GraphSnapshot(48_000f, 64, 2, 0, List.of(), List.of(), List.of()));
    }

    @Test
    void unicodeIdsRoundTrip() throws IOException {
        String[] ids = {"声部/振荡器", "Ωμέγα", "🎹🎛️", "a\u0000b", "e\u0301", "\uFEFFbom", "\uD834\uDD1E clef"};
        List<NodeSnapshot> nodes = Arrays.stream(ids)
                .map(id -> new NodeSnapshot(id, "ext.ünïcödé", Map.of("ключ", 1f, "🎚", 2f), new StateBlob("ext.ünïcödé", 3, new byte[0])))
                .toList();
        roundTrip(new GraphSnapshot(48_000f, 64, 1, 0, nodes,
                List.of(new Connection(ids[0], 0, ids[6], 0)), List.of(new Output(ids[2], 0, 0))));
    }

    @Test
    void extremeNumbersRoundTripBitExactly() throws IOException {
        GraphSnapshot s = new GraphSnapshot(Float.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, List.of(
                new NodeSnapshot("x", "t", Fixtures.params("max", Float.MAX_VALUE, "min", -Float.MAX_VALUE,
                        "tiny", Float.MIN_VALUE, "subnormal", Float.MIN_NORMAL / 3, "negzero", -0f, "zero", 0f),
                        new StateBlob("t", Integer.MIN_VALUE, Fixtures.pattern(300, 9)))),
                List.of(new Connection("x", Integer.MAX_VALUE, "x", 0)), List.of(new Output("x", Integer.MAX_VALUE, 0)));
        GraphSnapshot back = roundTrip(s);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(back.nodes().get(0).params().get("negzero")));
        roundTrip(new GraphSnapshot(Float.MAX_VALUE, 1, 1, 0, List.of(), List.of(), List.of()));
    }

    @Test
    void encodingIsTheDocumentedLayout() throws IOException {
        for (GraphSnapshot s : List.of(Fixtures.small(), Fixtures.synth(), Fixtures.chain(50, 64, 3))) {
            byte[] payload = new Fixtures.PayloadWriter(-1, 0, KryoSnapshotCodec.FORMAT_VERSION).write(s);
            assertArrayEquals(Fixtures.frame(payload, KryoSnapshotCodec.FORMAT_VERSION, payload.length), codec.encode(s));
        }
    }

    @Test
    void unpairedSurrogateIsRefusedAtEncodeRatherThanSavedAsSomethingElse() {
        GraphSnapshot s = new GraphSnapshot(48_000f, 64, 1, 0,
                List.of(new NodeSnapshot("bad\uD800", "t", Map.of(), null)), List.of(), List.of());
        IOException e = assertThrows(IOException.class, () -> codec.encode(s));
        assertContains("not valid Unicode", e.getMessage());
    }

    @Test
    void recognizesByMagicOnly() throws IOException {
        assertTrue(codec.recognizes(codec.encode(Fixtures.small())));
        assertTrue(codec.recognizes("AETHSNAP".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(codec.recognizes("AETHSNA".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(codec.recognizes("{\"aether\": 1}".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(codec.recognizes(new byte[0]));
        assertEquals("kryo", codec.format());
    }

    @Test
    void serviceLoaderFindsTheCodec() {
        assertTrue(ServiceLoader.load(SnapshotCodec.class).stream()
                .anyMatch(p -> p.type() == KryoSnapshotCodec.class));
    }

    @Test
    void oneCodecDecodesFromManyThreadsAtOnce() throws Exception {
        byte[] data = codec.encode(Fixtures.synth());
        GraphSnapshot expected = Fixtures.synth();
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                try {
                    for (int i = 0; i < 300; i++) {
                        assertEquals(expected, codec.decode(codec.encode(codec.decode(data))));
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    // ---------------------------------------------------------------- typed failures

    @Test
    void otherDataIsNotAnAetherSnapshot() {
        assertContains("not an Aether snapshot", failure("{\"nodes\": []}".getBytes(StandardCharsets.UTF_8)));
        assertContains("not an Aether snapshot", failure(new byte[0 + 3]));
        assertContains("not an Aether snapshot", failure(null));
    }

    @Test
    void truncatedHeaderSaysSo() throws IOException {
        byte[] data = codec.encode(Fixtures.small());
        assertContains("truncated header: 12 bytes", failure(Arrays.copyOf(data, 12)));
    }

    @Test
    void otherFormatVersionIsRefusedNamingBoth() throws IOException {
        byte[] data = codec.encode(Fixtures.small());
        Fixtures.putInt(data, 8, 3);
        assertEquals("unsupported snapshot format version 3; this build reads 1 to 2", failure(data));
        Fixtures.putInt(data, 8, 0);
        assertEquals("unsupported snapshot format version 0; this build reads 1 to 2", failure(data));
    }

    @Test
    void declaredLengthOverTheLimitIsRefusedBeforeAnythingElse() throws IOException {
        byte[] data = codec.encode(Fixtures.small());
        Fixtures.putInt(data, 12, KryoSnapshotCodec.MAX_PAYLOAD_BYTES + 1);
        assertContains("snapshot of 268435457 bytes exceeds the limit", failure(data));
        Fixtures.putInt(data, 12, -5);
        assertContains("negative payload length -5", failure(data));
    }

    @Test
    void declaredLengthMustMatchTheData() throws IOException {
        byte[] data = codec.encode(Fixtures.small());
        assertContains("truncated: the header declares " + (data.length - 20) + " payload bytes, " + (data.length - 21),
                failure(Arrays.copyOf(data, data.length - 1)));
        assertContains("3 unexpected bytes after the declared payload", failure(Arrays.copyOf(data, data.length + 3)));
    }

    @Test
    void flippedPayloadBitIsAChecksumMismatch() throws IOException {
        byte[] data = codec.encode(Fixtures.small());
        data[40] ^= 0x10;
        assertContains("checksum mismatch: the snapshot is corrupt", failure(data));
    }

    @Test
    void forgedHugeCountIsRefusedAtItsOffsetWithoutAllocatingForIt() {
        // Field 0 is the node count, right after the 20-byte header and the 4 + 1 + 1 + 2 bytes of scalars of small().
        byte[] data = Fixtures.frame(new Fixtures.PayloadWriter(0, Integer.MAX_VALUE).write(Fixtures.small()));
        String message = failure(data);
        assertContains("count of nodes at offset 28 is 2147483647", message);
    }

    @Test
    void forgedStringLengthIsRefusedAtItsOffset() {
        byte[] data = Fixtures.frame(new Fixtures.PayloadWriter(1, 1 << 30).write(Fixtures.small()));
        assertContains("length of node id at offset 29 is 1073741824", failure(data));
    }

    @Test
    void truncatedPayloadWithAValidChecksumNamesTheOffsetAndLeavesTheInputAlone() throws IOException {
        // Nothing after the header: Kryo's own Input would reset its position and report offset 0.
        assertEquals("truncated or malformed payload at offset 20: Buffer underflow: 4 bytes needed, 0 remain",
                failure(Fixtures.frame(new byte[0])));
        // 22 bytes: the sample rate (a float at 20) has 2 of its 4 bytes.
        byte[] shortFloat = Fixtures.reframe(Arrays.copyOf(codec.encode(Fixtures.small()), 22));
        byte[] copy2 = shortFloat.clone();
        assertEquals("truncated or malformed payload at offset 20: Buffer underflow: 4 bytes needed, 2 remain", failure(shortFloat));
        assertArrayEquals(copy2, shortFloat);
    }

    @Test
    void malformedUtf8IsRefused() {
        GraphSnapshot s = new GraphSnapshot(48_000f, 64, 1, 0,
                List.of(new NodeSnapshot("é", "t", Map.of(), null)), List.of(), List.of());
        byte[] payload = new Fixtures.PayloadWriter(-1, 0).write(s);
        // "é" is C3 A9; C3 followed by 0x28 is not UTF-8.
        int at = indexOf(payload, (byte) 0xC3);
        payload[at + 1] = 0x28;
        assertContains("node id at offset 29 is not valid UTF-8", failure(Fixtures.frame(payload)));
    }

    @Test
    void duplicateNodeIdFailsTheSnapshotsOwnValidation() {
        GraphSnapshot s = new GraphSnapshot(48_000f, 64, 1, 0, List.of(
                new NodeSnapshot("a", "t", Map.of(), null), new NodeSnapshot("b", "t", Map.of(), null)), List.of(), List.of());
        byte[] payload = new Fixtures.PayloadWriter(-1, 0).write(s);
        payload[indexOf(payload, (byte) 'b')] = 'a';
        String message = failure(Fixtures.frame(payload));
        assertContains("the snapshot at offset", message);
        assertContains("node id 'a' appears twice", message);
    }

    @Test
    void nonFiniteParamIsRefusedNamingTheNode() {
        GraphSnapshot s = new GraphSnapshot(48_000f, 64, 1, 0,
                List.of(new NodeSnapshot("a", "t", Map.of("g", 1f), null)), List.of(), List.of());
        byte[] payload = new Fixtures.PayloadWriter(-1, 0).write(s);
        // Kryo 5 writes floats little-endian: 1.0 is 00 00 80 3F; make it NaN (00 00 C0 7F).
        int at = indexOf(payload, (byte) 0, (byte) 0, (byte) 0x80, (byte) 0x3F);
        payload[at + 2] = (byte) 0xC0;
        payload[at + 3] = 0x7F;
        assertContains("param 'g' of node 'a' is not a finite number", failure(Fixtures.frame(payload)));
    }

    @Test
    void duplicateParamAndBadStateFlagAreRefused() {
        GraphSnapshot s = new GraphSnapshot(48_000f, 64, 1, 0,
                List.of(new NodeSnapshot("a", "t", Fixtures.params("p", 1f, "q", 2f), null)), List.of(), List.of());
        byte[] payload = new Fixtures.PayloadWriter(-1, 0).write(s);
        byte[] dup = payload.clone();
        dup[indexOf(dup, (byte) 'q')] = 'p';
        assertContains("param 'p' of node 'a' appears twice", failure(Fixtures.frame(dup)));
        byte[] flag = payload.clone();
        // The state flag is the byte after the last param's float (2.0 = 00 00 00 40, little-endian).
        flag[indexOf(flag, (byte) 0, (byte) 0, (byte) 0, (byte) 0x40) + 4] = 7;
        assertContains("state flag of node 'a' is 7", failure(Fixtures.frame(flag)));
    }

    @Test
    void trailingBytesInsideTheChecksummedPayloadAreRefused() throws IOException {
        byte[] payload = new Fixtures.PayloadWriter(-1, 0).write(Fixtures.small());
        assertContains("2 unexpected bytes after the snapshot", failure(Fixtures.frame(Arrays.copyOf(payload, payload.length + 2))));
    }

    private static int indexOf(byte[] b, byte... sequence) {
        for (int i = 0; i + sequence.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + sequence.length, sequence, 0, sequence.length)) {
                return i;
            }
        }
        throw new AssertionError("no " + Arrays.toString(sequence));
    }
}
