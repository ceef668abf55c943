package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.aetherdsp.io.audiotest.JackServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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

    @Test
    void playWithOscAnswersPingsAndNamesErrors() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of("play", DRONE.toString(), "--driver",
                "jack", "--seconds", "8", "--warmup", "0.2", "--client-name", "aether-osc-test", "--osc", String.valueOf(port)));
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
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
