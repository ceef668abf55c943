package org.aetherdsp.osc;

import com.illposed.osc.BufferBytesReceiver;
import com.illposed.osc.OSCBundle;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A UDP OSC client for tests, built on JavaOSC's codec: sends packets, reads replies. */
final class OscClient implements AutoCloseable {

    private final DatagramSocket socket;
    private final int port;
    private final OSCSerializerAndParserBuilder codec = new OSCSerializerAndParserBuilder();

    OscClient(int port) throws IOException {
        this.port = port;
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(3000);
    }

    static OSCMessage message(String address, Object... args) {
        return new OSCMessage(address, Arrays.asList(args));
    }

    static OSCBundle bundle(long ntp, OSCMessage... messages) {
        OSCBundle b = new OSCBundle(new OscCommands.TimeTag(ntp));
        for (OSCMessage m : messages) {
            b.addPacket(m);
        }
        return b;
    }

    void send(OSCPacket packet) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(65_536);
        codec.buildSerializer(new BufferBytesReceiver(b)).write(packet);
        b.flip();
        sendRaw(Arrays.copyOf(b.array(), b.limit()));
    }

    void sendRaw(byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }

    /** @return the next reply */
    OSCMessage receive() throws Exception {
        byte[] buf = new byte[65_536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        return (OSCMessage) codec.buildParser().convert(ByteBuffer.wrap(buf, 0, p.getLength()));
    }

    /** Sends and collects replies up to and including the first /done or /error. */
    List<OSCMessage> call(OSCPacket packet) throws Exception {
        send(packet);
        List<OSCMessage> replies = new ArrayList<>();
        while (true) {
            OSCMessage m = receive();
            replies.add(m);
            if (m.getAddress().equals("/done") || m.getAddress().equals("/error")) {
                return replies;
            }
        }
    }

    /** @return the final reply of {@link #call} */
    OSCMessage last(OSCPacket packet) throws Exception {
        List<OSCMessage> r = call(packet);
        return r.get(r.size() - 1);
    }

    /** @return whether no datagram arrives within {@code millis} */
    boolean quietFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            socket.receive(new DatagramPacket(new byte[65_536], 65_536));
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(3000);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
