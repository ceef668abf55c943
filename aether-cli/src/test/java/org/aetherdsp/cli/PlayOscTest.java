package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.aetherdsp.io.audiotest.JackServer;
import org.aetherdsp.io.audiotest.MidiSequencer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code aether play PATCH --osc PORT}: the patch plays through JACK and answers OSC while it does. */
@ExtendWith(JackServer.class)
class PlayOscTest {

    private static final Path DRONE = Path.of("..", "examples", "patches", "drone.json");

    /** An OSC message with string arguments only, encoded by hand (4-byte aligned, NUL-padded). */
    private static byte[] message(String address, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pad(out, address);
        pad(out, "," + "s".repeat(args.length));
        for (String a : args) {
            pad(out, a);
        }
        return out.toByteArray();
    }

    private static void pad(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
        for (int i = 0, n = 4 - b.length % 4; i < n; i++) {
            out.write(0);
        }
    }

    /** @return the next reply that is not a /done or a /pong */
    private static String next(DatagramSocket s) throws java.io.IOException {
        while (true) {
            DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            s.receive(p);
            String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
            if (!text.startsWith("/done") && !text.startsWith("/pong")) { // pings sent while it started
                return text;
            }
        }
    }

    /** Pings until aether play answers with a /pong (it is still warming up before that). */
    private static void awaitPong(DatagramSocket s, int port, CompletableFuture<CliRun> run) throws Exception {
        s.setSoTimeout(200);
        String reply = null;
        long deadline = System.nanoTime() + 6_000_000_000L;
        while (reply == null && System.nanoTime() < deadline) {
            byte[] ping = message("/aether/ping");
            s.send(new DatagramPacket(ping, ping.length, InetAddress.getLoopbackAddress(), port));
            try {
                DatagramPacket p = new DatagramPacket(new byte[1024], 1024);
                s.receive(p);
                reply = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
            } catch (SocketTimeoutException e) {
                // not listening yet
            }
        }
        if (reply == null) {
            CliRun r = run.get();
            throw new AssertionError("no /pong from aether play --osc: " + r.out() + r.err());
        }
        assertTrue(reply.startsWith("/pong"), reply);
    }

    private static int freePort() throws java.io.IOException {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Four voices of a saw through an envelope into a VCA, metered on channel 0; nothing sounds without notes. */
    private static final String VOICES_PATCH = """
            {
              "aether": 1, "sampleRate": 48000, "blockSize": 64, "channels": 2,
              "voices": {
                "name": "voice", "count": 4,
                "nodes": [
                  { "id": "osc", "type": "std.osc.saw", "params": { "freq": 0.01, "amp": 0.2 } },
                  { "id": "env", "type": "std.adsr", "params": { "attack": 2, "decay": 50, "sustain": 0.8, "release": 50 } },
                  { "id": "vca", "type": "poly.vca", "params": { "gain": 1 } }
                ],
                "connections": [
                  { "from": "voice.pitch", "to": "osc.fm" },
                  { "from": "voice.gate", "to": "env.gate" },
                  { "from": "osc", "to": "vca.in" },
                  { "from": "env", "to": "vca.cv" }
                ],
                "outputs": [ "vca" ]
              },
              "nodes": [ { "id": "meter", "type": "std.meter" } ],
              "connections": [ { "from": "voices/out", "to": "meter" } ],
              "outputs": [ { "from": "meter", "channel": 0 } ]
            }
            """;

    /**
     * A patch with voices loaded over OSC into a play that started with a patch without MIDI:
     * its voices play the notes of the JACK MIDI input ({@code jack_midiseq} sends middle C for
     * a quarter second of every half), as the first patch's would. Its meter says so.
     */
    @Test
    void aPatchLoadedOverOscPlaysItsVoicesFromTheMidiInput(@TempDir Path dir) throws Exception {
        Path voices = Files.writeString(dir.resolve("voices.json"), VOICES_PATCH);
        int port = freePort();
        try (MidiSequencer seq = MidiSequencer.start("seq-osc", 24_000, 0, 60, 12_000)) {
            CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of("play", DRONE.toString(), "--driver",
                    "jack", "--seconds", "8", "--warmup", "0.2", "--client-name", "aether-osc-midi", "--osc",
                    String.valueOf(port), "--midi-connect", "seq-osc:out"));
            float loudest = 0f;
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                awaitPong(s, port, run);
                s.setSoTimeout(3000);
                byte[] load = message("/patch/load", voices.toString());
                s.send(new DatagramPacket(load, load.length, InetAddress.getLoopbackAddress(), port));
                String loaded;
                do { // skip the answers to the pings still coming in; the load answers /done /patch/load or an /error
                    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                    s.receive(p);
                    loaded = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
                } while (loaded.startsWith("/pong") || loaded.contains("/aether/ping"));
                assertTrue(loaded.startsWith("/done") && loaded.contains("/patch/load"), loaded);
                byte[] subscribe = message("/meter/subscribe", "meter");
                s.send(new DatagramPacket(subscribe, subscribe.length, InetAddress.getLoopbackAddress(), port));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (loudest < 0.01f && System.nanoTime() < deadline) {
                    DatagramPacket p = new DatagramPacket(new byte[256], 256);
                    s.receive(p);
                    String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
                    if (text.startsWith("/meter\0")) {
                        // /meter ,sff id peak rms: the peak is the next to last argument.
                        loudest = Math.max(loudest, ByteBuffer.wrap(p.getData(), p.getLength() - 8, 4).getFloat());
                    }
                }
            }
            CliRun r = run.get();
            assertEquals(0, r.code(), r.err() + r.out());
            assertTrue(loudest >= 0.01f, "the loaded patch's voices stayed silent (meter peak " + loudest + "): " + r.out());
            assertTrue(r.out().contains("loaded " + voices + " over OSC; MIDI: notes to 0 midi.keys node(s) and 4 voice(s),"
                    + " 0 controller mapping(s)"), r.out());
        }
    }

    @Test
    void playWithOscAnswersPingsAndNamesErrors() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of("play", DRONE.toString(), "--driver",
                "jack", "--seconds", "8", "--warmup", "0.2", "--client-name", "aether-osc-test", "--osc", String.valueOf(port)));
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            awaitPong(s, port, run);
            byte[] set = message("/param/get", "root-1", "freq");
            s.send(new DatagramPacket(set, set.length, InetAddress.getLoopbackAddress(), port));
            s.setSoTimeout(2000);
            String param = next(s);
            assertTrue(param.startsWith("/param") && param.contains("root-1"), "the patch's ids name its nodes: " + param);
            byte[] bad = message("/node/remove", "no-such-node");
            s.send(new DatagramPacket(bad, bad.length, InetAddress.getLoopbackAddress(), port));
            String error = next(s);
            assertTrue(error.startsWith("/error") && error.contains("no node 'no-such-node'"), error);
        }
        CliRun r = run.get();
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("OSC: udp and tcp on 127.0.0.1:" + port), r.out());
    }
}
