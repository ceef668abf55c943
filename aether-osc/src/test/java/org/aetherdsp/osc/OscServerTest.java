package org.aetherdsp.osc;

import static org.aetherdsp.osc.OscClient.bundle;
import static org.aetherdsp.osc.OscClient.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.illposed.osc.BufferBytesReceiver;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OSC server against a JavaOSC client over UDP and TCP, with the engine paced like a sound card. */
class OscServerTest {

    private PacedEngine paced;
    private OscServer server;
    private OscClient client;

    @BeforeEach
    void start() throws Exception {
        paced = new PacedEngine(20);
        server = OscServer.builder(paced.engine).port(0).start();
        client = new OscClient(server.udpPort());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        paced.close();
    }

    private void addConst() throws Exception {
        OSCMessage added = client.last(message("/node/add", "test.const", "c"));
        assertEquals(List.of("/node/add", "c"), added.getArguments().subList(0, 2), added.getArguments().toString());
        assertEquals("/done", client.last(message("/output/connect", "c", 0, 0)).getAddress());
    }

    @Test
    void editsChangeTheSoundAndQueriesAnswer() throws Exception {
        addConst();
        assertEquals("/done", client.last(message("/param/set", "c", "value", 0.5f)).getAddress());
        long after = paced.engine.currentFrame();
        paced.awaitFrame(after + 4800);
        assertEquals(0.5f, paced.at(after + 4800 - 64));
        List<OSCMessage> get = client.call(message("/param/get", "c", "value"));
        assertEquals(List.of("c", "value", 0.5f, 0.5f), get.get(0).getArguments());
        List<OSCMessage> nodes = client.call(message("/nodes"));
        assertEquals(List.of("c", "test.const"), nodes.get(0).getArguments().subList(0, 2));
        OSCMessage stats = client.call(message("/stats")).get(0);
        assertEquals("/stats", stats.getAddress());
        assertTrue(stats.getArguments().contains("osc.received"), stats.getArguments().toString());
    }

    @Test
    void aTimeTaggedBundleLandsOnItsFrameExactly() throws Exception {
        addConst();
        OSCMessage clock = client.call(message("/clock")).get(0);
        long anchorFrame = (Long) clock.getArguments().get(3);
        long anchorNtp = ((com.illposed.osc.argument.OSCTimeTag64) clock.getArguments().get(4)).getNtpTime();
        long target = paced.engine.currentFrame() + 9600 + 17; // 0.2 s ahead, in the middle of a block
        long tag = anchorNtp + Math.round((target - anchorFrame) * 4294967296.0 / 48_000);
        OSCMessage done = client.last(bundle(tag, message("/param/set", "c", "value", 0.25f)));
        assertEquals(List.of("/param/set", target), done.getArguments(), "the /done names the frame");
        paced.awaitFrame(target + 64);
        assertEquals(target, paced.firstFrameOf(0.25f, 0));
        assertEquals(0f, paced.at(target - 1));
    }

    @Test
    void aLateBundleRunsAtOnceAndIsCounted() throws Exception {
        addConst();
        long past = OscClock.ntpNow() - (5L << 32); // five seconds ago
        assertEquals("/done", client.last(bundle(past, message("/param/set", "c", "value", 0.125f))).getAddress());
        long now = paced.engine.currentFrame();
        paced.awaitFrame(now + 256);
        assertEquals(0.125f, paced.at(now + 192));
        assertEquals(1L, paced.engine.stats().counters().get("osc.late"));
    }

    @Test
    void patchLoadReadsAPatchFileWithTheInstalledCodecsAndNamesItsNodes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path patch = dir.resolve("p.json");
        java.nio.file.Files.writeString(patch, """
                {
                  "aether": 1, "sampleRate": 48000, "blockSize": 64, "channels": 2,
                  "nodes": [ { "id": "k", "type": "std.osc.sine", "params": { "freq": 375, "amp": 0.5 } } ],
                  "connections": [],
                  "outputs": [ { "from": "k", "channel": 0 } ]
                }
                """);
        OSCMessage done = client.last(message("/patch/load", patch.toString()));
        assertEquals(List.of("/patch/load", 1), done.getArguments(), done.getArguments().toString());
        long now = paced.engine.currentFrame();
        paced.awaitFrame(now + 256);
        float peak = 0f;
        for (long k = now; k < now + 256; k++) {
            peak = Math.max(peak, Math.abs(paced.at(k)));
        }
        assertTrue(peak > 0.3f && peak <= 0.5f, "the patch's sine plays: peak " + peak);
        List<OSCMessage> params = client.call(message("/params", "k"));
        assertEquals(List.of("k", "freq", 375f, 375f), params.get(0).getArguments(), "its id names the node");
        assertEquals(List.of("k", "amp", 0.5f, 0.5f), params.get(1).getArguments());
        OSCMessage bad = client.last(message("/patch/load", dir.resolve("missing.json").toString()));
        assertEquals("/error", bad.getAddress());
        assertTrue(bad.getArguments().get(1).toString().contains("missing.json"), bad.getArguments().toString());
    }

    @Test
    void aBundleIsOneBatchAndAFailureInItRollsItAllBack() throws Exception {
        addConst();
        OSCMessage error = client.last(bundle(1, message("/param/set", "c", "value", 0.75f),
                message("/param/set", "c", "nope", 1f)));
        assertEquals("/error", error.getAddress());
        assertEquals("/param/set", error.getArguments().get(0));
        assertTrue(((String) error.getArguments().get(1)).contains("'nope'"), error.getArguments().toString());
        long now = paced.engine.currentFrame();
        paced.awaitFrame(now + 1024);
        assertEquals(0f, paced.at(now + 960), "the good half of the bundle was not applied");
    }

    @Test
    void badInputGetsErrorRepliesNamingTheProblem() throws Exception {
        OSCMessage unknown = client.last(message("/no/such", 1));
        assertEquals("/error", unknown.getAddress());
        assertTrue(unknown.getArguments().get(1).toString().contains("unknown address '/no/such'"), unknown.getArguments().toString());
        OSCMessage types = client.last(message("/output/connect", 1.5f, 0, 0));
        assertTrue(types.getArguments().get(1).toString().contains("expects N i:port i:channel; argument 1 must be a node"),
                types.getArguments().toString());
        OSCMessage missing = client.last(message("/node/connect", "a"));
        assertTrue(missing.getArguments().get(1).toString().contains("expects N i:out N i:in; got ,s"),
                missing.getArguments().toString());
        OSCMessage node = client.last(message("/param/set", "ghost", "value", 1f));
        assertTrue(node.getArguments().get(1).toString().contains("no node 'ghost'"), node.getArguments().toString());
        OSCMessage type = client.last(message("/node/add", "std.no.such"));
        assertTrue(type.getArguments().get(1).toString().contains("std.no.such"), type.getArguments().toString());
        client.sendRaw(new byte[] {'/', 'x', 0, 0, 9, 9, 9}); // no type tag string, truncated
        OSCMessage malformed = client.receive();
        assertEquals(List.of("#packet"), malformed.getArguments().subList(0, 1));
        assertTrue(paced.engine.stats().counters().get("osc.malformed") >= 1);
        assertTrue(paced.engine.stats().counters().get("osc.errors") >= 5);
    }

    @Test
    void aFloodOfGarbageNeverStopsTheEngineOrTheServer() throws Exception {
        long before = paced.engine.stats().blocks();
        byte[] garbage = new byte[200];
        Arrays.fill(garbage, (byte) 7);
        for (int i = 0; i < 5000; i++) {
            client.sendRaw(garbage);
            client.send(message("/flood", i));
        }
        while (!client.quietFor(300)) {
            // drain the error replies
        }
        assertEquals("/pong", pingReply(), "the server still answers");
        assertTrue(paced.engine.stats().blocks() > before, "the engine kept running");
        long counted = paced.engine.stats().counters().get("osc.malformed") + paced.engine.stats().counters().get("osc.errors");
        assertTrue(counted > 0, "every packet the socket held was answered or counted");
    }

    private String pingReply() throws Exception {
        client.send(message("/aether/ping"));
        return client.receive().getAddress();
    }

    @Test
    void tcpWithSlipFramingAndWithALengthPrefixBothAnswer() throws Exception {
        OSCSerializerAndParserBuilder codec = new OSCSerializerAndParserBuilder();
        ByteBuffer b = ByteBuffer.allocate(256);
        codec.buildSerializer(new BufferBytesReceiver(b)).write(message("/aether/ping"));
        byte[] ping = Arrays.copyOf(b.array(), b.position());
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.tcpPort())) {
            s.getOutputStream().write(OscServer.slipEncode(ping));
            InputStream in = s.getInputStream();
            assertEquals(0xC0, in.read(), "a SLIP reply");
            byte[] reply = new byte[8];
            new DataInputStream(in).readFully(reply);
            assertEquals("/pong", new String(reply, 0, 5, java.nio.charset.StandardCharsets.US_ASCII));
        }
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.tcpPort())) {
            OutputStream out = s.getOutputStream();
            out.write(ByteBuffer.allocate(4).putInt(ping.length).array());
            out.write(ping);
            DataInputStream in = new DataInputStream(s.getInputStream());
            int n = in.readInt();
            byte[] reply = new byte[n];
            in.readFully(reply);
            assertEquals("/pong", new String(reply, 0, 5, java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    @Test
    void timelineEventsAndMeterSubscriptions() throws Exception {
        addConst();
        assertEquals("/done", client.last(message("/node/add", "std.meter", "m")).getAddress());
        assertEquals("/done", client.last(message("/node/connect", "c", 0, "m", 0)).getAddress());
        long t = paced.engine.currentFrame() + 4800;
        assertEquals("/done", client.last(message("/timeline/set", "c", "value", 0.5f, t)).getAddress());
        assertEquals("/done", client.last(message("/timeline/linear", "c", "value", 1.0f, t + 4800)).getAddress());
        paced.awaitFrame(t + 4800 + 64);
        assertEquals(0.5f, paced.at(t));
        assertEquals((float) (0.5 + 0.5 * 2400 / 4800.0), paced.at(t + 2400));
        assertEquals(1f, paced.at(t + 4800));
        assertEquals("/done", client.last(message("/meter/subscribe", "m", 0.05f)).getAddress());
        OSCMessage meter = client.receive();
        assertEquals("/meter", meter.getAddress());
        assertEquals(1f, (Float) meter.getArguments().get(1), 1e-6f);
        assertNotEquals("/error", client.last(message("/meter/unsubscribe", "m")).getAddress());
    }
}
