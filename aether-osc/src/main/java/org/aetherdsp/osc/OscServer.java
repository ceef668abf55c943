package org.aetherdsp.osc;

import com.illposed.osc.BufferBytesReceiver;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import com.illposed.osc.OSCParser;
import com.illposed.osc.OSCSerializer;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.aetherdsp.core.engine.Engine;

/**
 * An Open Sound Control server beside an engine: UDP, and TCP with SLIP framing (OSC 1.1) or a
 * 32-bit length prefix (OSC 1.0, what liblo sends), chosen per connection by its first byte. The
 * address space and the bundle rules are in the README ("Controlling Aether over OSC") and
 * {@link #addressTable()}; time tags map to frames through {@link #clock()}.
 *
 * <pre>{@code
 * try (OscServer osc = OscServer.builder(engine).port(57120).start()) {
 *     ... // oscsend localhost 57120 /param/set ssf osc freq 220
 * }
 * }</pre>
 *
 * <h2>Threads</h2>
 * One thread receives UDP, one accepts TCP connections and one reads each connection (at most
 * {@link Builder#maxConnections}); each parses with JavaOSC and calls the engine's control API
 * with the primitives, so nothing here ever runs on, or waits for, the RT thread. Bad input
 * (malformed packets, unknown addresses, wrong argument types) is answered with {@code /error}
 * and counted ({@code osc.malformed}, {@code osc.errors} in {@link Engine#stats()}); a reply
 * that cannot be sent at once (a client that does not read) is dropped and counted
 * ({@code osc.replies-dropped}); a flood costs the network thread, never the engine: what the
 * socket cannot hold the kernel drops. {@link #close()} stops every thread; any thread.
 */
public final class OscServer implements AutoCloseable {

    private static final int MAX_PACKET = 65_536;
    private static final byte SLIP_END = (byte) 0xC0;
    private static final byte SLIP_ESC = (byte) 0xDB;
    private static final byte SLIP_ESC_END = (byte) 0xDC;
    private static final byte SLIP_ESC_ESC = (byte) 0xDD;

    private final Engine engine;
    private final OscClock clock;
    private final OscCommands commands;
    private final MeterSubscriptions meters = new MeterSubscriptions();
    private final DatagramChannel udp;
    private final Selector selector;
    private final ServerSocket tcp;
    private final int maxConnections;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong repliesDropped = new AtomicLong();
    /** {@code /aether/replyto}: sender host to the port its replies go to. */
    private final java.util.Map<InetAddress, Integer> replyPorts = new java.util.concurrent.ConcurrentHashMap<>();
    private final OSCSerializerAndParserBuilder codec = new OSCSerializerAndParserBuilder();
    private volatile boolean closed;
    private final Thread udpThread;
    private final Thread tcpThread;

    private OscServer(Builder b) throws IOException {
        this.engine = b.engine;
        this.clock = new OscClock(engine::currentFrame, engine.sampleRate());
        this.commands = new OscCommands(engine, clock, b.loader, meters, b.latency);
        commands.name(b.ids);
        this.maxConnections = b.maxConnections;
        DatagramChannel u = null;
        Selector s = null;
        ServerSocket t = null;
        try {
            if (b.udp) {
                u = DatagramChannel.open();
                u.bind(new InetSocketAddress(b.bind, b.port));
                u.configureBlocking(false);
                s = Selector.open();
                u.register(s, SelectionKey.OP_READ);
            }
            if (b.tcp) {
                int port = b.port == 0 && u != null ? ((InetSocketAddress) u.getLocalAddress()).getPort() : b.port;
                t = new ServerSocket();
                t.setReuseAddress(true);
                t.bind(new InetSocketAddress(b.bind, port));
            }
        } catch (IOException | RuntimeException e) {
            if (u != null) {
                u.close();
            }
            if (s != null) {
                s.close();
            }
            if (t != null) {
                t.close();
            }
            throw e;
        }
        this.udp = u;
        this.selector = s;
        this.tcp = t;
        engine.registerCounter("osc.received", commands.received::get);
        engine.registerCounter("osc.errors", commands.errors::get);
        engine.registerCounter("osc.late", commands.late::get);
        engine.registerCounter("osc.malformed", malformed::get);
        engine.registerCounter("osc.replies-dropped", repliesDropped::get);
        this.udpThread = udp == null ? null : daemon(this::receiveUdp, "aether-osc-udp");
        this.tcpThread = tcp == null ? null : daemon(this::acceptTcp, "aether-osc-tcp");
    }

    /**
     * @param engine the engine to control
     * @return a builder: port 57120, loopback only, UDP and TCP
     */
    public static Builder builder(Engine engine) {
        return new Builder(engine);
    }

    /** @return the UDP port bound, or -1 without UDP; any thread */
    public int udpPort() {
        try {
            return udp == null ? -1 : ((InetSocketAddress) udp.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the TCP port bound, or -1 without TCP; any thread */
    public int tcpPort() {
        return tcp == null ? -1 : tcp.getLocalPort();
    }

    /** @return how time tags map to engine frames; any thread */
    public OscClock clock() {
        return clock;
    }

    /**
     * @return the address space: for each address its arguments ({@code N} a node: its id as a
     *         string, or its handle as an int64; {@code T} a time: frames as an int, seconds as a
     *         float) and what it does; any thread
     */
    public List<String[]> addressTable() {
        return commands.table();
    }

    /** Stops the network threads and meter subscriptions and closes the sockets. Idempotent; any thread. */
    @Override
    public void close() {
        closed = true;
        meters.close();
        try {
            if (udp != null) {
                selector.wakeup();
                udp.close();
                selector.close();
            }
            if (tcp != null) {
                tcp.close();
            }
        } catch (IOException e) {
            // closing: nothing more to do
        }
        join(udpThread);
        join(tcpThread);
    }

    private static void join(Thread t) {
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    // ---------------------------------------------------------------- UDP

    /** Replies to one UDP sender; equal for equal addresses (meter subscriptions are keyed by it). */
    private final class UdpReplies implements OscCommands.Replies {
        private final SocketAddress to;

        private final SocketAddress from;

        UdpReplies(SocketAddress from) {
            this.from = from;
            InetSocketAddress f = (InetSocketAddress) from;
            Integer port = replyPorts.get(f.getAddress());
            this.to = port == null ? from : new InetSocketAddress(f.getAddress(), port);
        }

        @Override
        public void replyTo(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be within 0..65535, got " + port);
            }
            InetAddress host = ((InetSocketAddress) from).getAddress();
            if (port == 0) {
                replyPorts.remove(host);
            } else {
                replyPorts.put(host, port);
            }
        }

        @Override
        public void send(OSCMessage reply) {
            ByteBuffer out = serialize(reply);
            if (out == null) {
                return;
            }
            try {
                synchronized (udp) {
                    if (udp.send(out, to) == 0) {
                        repliesDropped.incrementAndGet(); // no room in the socket buffer: never wait
                    }
                }
            } catch (IOException e) {
                repliesDropped.incrementAndGet();
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UdpReplies r && r.to.equals(to);
        }

        @Override
        public int hashCode() {
            return to.hashCode();
        }
    }

    private void receiveUdp() {
        OSCParser parser = codec.buildParser();
        ByteBuffer in = ByteBuffer.allocate(MAX_PACKET);
        while (!closed) {
            try {
                selector.select(200);
                selector.selectedKeys().clear();
                SocketAddress from;
                while ((from = receive(in)) != null) {
                    in.flip();
                    handle(parser, in, new UdpReplies(from));
                    in.clear();
                }
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            } catch (RuntimeException e) {
                // a bug in one packet's handling must not end the server
                malformed.incrementAndGet();
            }
        }
    }

    private SocketAddress receive(ByteBuffer in) throws IOException {
        synchronized (udp) {
            return udp.receive(in);
        }
    }

    // ---------------------------------------------------------------- TCP

    private void acceptTcp() {
        while (!closed) {
            Socket s;
            try {
                s = tcp.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (connections.incrementAndGet() > maxConnections) {
                connections.decrementAndGet();
                malformed.incrementAndGet();
                closeQuietly(s);
                continue;
            }
            daemon(() -> serve(s), "aether-osc-tcp-" + s.getPort());
        }
    }

    /** One connection: framing chosen by the first byte (0: a length prefix; else SLIP). */
    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            in.mark(1);
            int first = in.read();
            if (first < 0) {
                return;
            }
            in.reset();
            boolean slip = first != 0;
            OSCParser parser = codec.buildParser();
            OscCommands.Replies replies = new TcpReplies(out, slip);
            while (!closed) {
                byte[] packet = slip ? readSlip(in) : readPrefixed(in);
                if (packet == null) {
                    return;
                }
                if (packet.length == 0) {
                    continue; // SLIP: back-to-back END bytes
                }
                handle(parser, ByteBuffer.wrap(packet), replies);
            }
        } catch (IOException e) {
            // the client went away, or sent an oversized packet (counted): the connection ends
        } finally {
            connections.decrementAndGet();
        }
    }

    private final class TcpReplies implements OscCommands.Replies {
        private final OutputStream out;
        private final boolean slip;

        TcpReplies(OutputStream out, boolean slip) {
            this.out = out;
            this.slip = slip;
        }

        @Override
        public synchronized void send(OSCMessage reply) {
            ByteBuffer b = serialize(reply);
            if (b == null) {
                return;
            }
            try {
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                out.write(slip ? slipEncode(bytes) : prefixed(bytes));
                out.flush();
            } catch (IOException e) {
                repliesDropped.incrementAndGet();
            }
        }
    }

    private byte[] readPrefixed(InputStream in) throws IOException {
        byte[] len = in.readNBytes(4);
        if (len.length < 4) {
            return null;
        }
        int n = ByteBuffer.wrap(len).getInt();
        if (n < 0 || n > MAX_PACKET) {
            malformed.incrementAndGet();
            throw new IOException("packet length " + n);
        }
        byte[] p = in.readNBytes(n);
        return p.length < n ? null : p;
    }

    private byte[] readSlip(InputStream in) throws IOException {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return p.size() == 0 ? null : p.toByteArray();
            }
            byte b = (byte) c;
            if (b == SLIP_END) {
                return p.toByteArray();
            }
            if (b == SLIP_ESC) {
                int e = in.read();
                if (e < 0) {
                    return null;
                }
                b = (byte) e == SLIP_ESC_END ? SLIP_END : (byte) e == SLIP_ESC_ESC ? SLIP_ESC : (byte) e;
            }
            if (p.size() >= MAX_PACKET) {
                malformed.incrementAndGet();
                throw new IOException("SLIP packet over " + MAX_PACKET + " bytes");
            }
            p.write(b);
        }
    }

    /** SLIP (RFC 1055) as OSC 1.1 uses it: END before and after, END and ESC escaped. */
    static byte[] slipEncode(byte[] packet) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(packet.length + 8);
        out.write(SLIP_END);
        for (byte b : packet) {
            if (b == SLIP_END) {
                out.write(SLIP_ESC);
                out.write(SLIP_ESC_END);
            } else if (b == SLIP_ESC) {
                out.write(SLIP_ESC);
                out.write(SLIP_ESC_ESC);
            } else {
                out.write(b);
            }
        }
        out.write(SLIP_END);
        return out.toByteArray();
    }

    private static byte[] prefixed(byte[] packet) {
        return ByteBuffer.allocate(4 + packet.length).putInt(packet.length).put(packet).array();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    // ---------------------------------------------------------------- both

    private void handle(OSCParser parser, ByteBuffer packet, OscCommands.Replies replies) {
        OSCPacket p;
        try {
            p = parser.convert(packet);
        } catch (Exception e) {
            malformed.incrementAndGet();
            commands.error(replies, "#packet", "malformed OSC packet (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            return;
        }
        commands.execute(p, replies);
    }

    private ByteBuffer serialize(OSCMessage reply) {
        ByteBuffer b = ByteBuffer.allocate(MAX_PACKET);
        try {
            OSCSerializer s = codec.buildSerializer(new BufferBytesReceiver(b));
            s.write(reply);
        } catch (Exception e) {
            repliesDropped.incrementAndGet();
            return null;
        }
        b.flip();
        return b;
    }

    /** Configures an {@link OscServer}. Not thread-safe; any thread, before {@link #start()}. */
    public static final class Builder {
        private final Engine engine;
        private int port = 57_120;
        private InetAddress bind = InetAddress.getLoopbackAddress();
        private boolean udp = true;
        private boolean tcp = true;
        private int maxConnections = 16;
        private PatchLoader loader = PatchLoader.codecs();
        private double latency;
        private final java.util.Map<String, Long> ids = new java.util.LinkedHashMap<>();

        private Builder(Engine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
        }

        /**
         * @param number the UDP and TCP port, 0 to 65535 (0: any free port, the same for both)
         * @return this
         */
        public Builder port(int number) {
            if (number < 0 || number > 65_535) {
                throw new IllegalArgumentException("port must be within 0..65535, got " + number);
            }
            this.port = number;
            return this;
        }

        /**
         * @param address the interface to listen on (default: loopback only; another only when asked)
         * @return this
         */
        public Builder bind(InetAddress address) {
            this.bind = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * @param enabled whether to listen on UDP (default true)
         * @return this
         */
        public Builder udp(boolean enabled) {
            this.udp = enabled;
            return this;
        }

        /**
         * @param enabled whether to listen on TCP (default true)
         * @return this
         */
        public Builder tcp(boolean enabled) {
            this.tcp = enabled;
            return this;
        }

        /**
         * @param max TCP connections served at once (default 16); more are closed at once and counted as malformed
         * @return this
         */
        public Builder maxConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max connections must be at least 1, got " + max);
            }
            this.maxConnections = max;
            return this;
        }

        /**
         * @param patchLoader what {@code /patch/load} does (default {@link PatchLoader#codecs()})
         * @return this
         */
        public Builder patchLoader(PatchLoader patchLoader) {
            this.loader = Objects.requireNonNull(patchLoader, "patchLoader");
            return this;
        }

        /**
         * Names nodes for the address space: a patch's ids, as {@link Engine#restore} returned them.
         *
         * @param nodeIds node id to handle
         * @return this
         */
        public Builder nodeIds(java.util.Map<String, Long> nodeIds) {
            ids.putAll(nodeIds);
            return this;
        }

        /**
         * Delays every time-tagged bundle by a fixed time on top of its tag: for clients that tag
         * bundles with the time they send them (liblo's {@code oscsendfile}), so that they land
         * on the engine clock exactly that much later instead of arriving late.
         *
         * @param seconds 0 (default) to 10
         * @return this
         */
        public Builder latency(double seconds) {
            if (!(seconds >= 0 && seconds <= 10)) {
                throw new IllegalArgumentException("latency must be within [0, 10] s, got " + seconds);
            }
            this.latency = seconds;
            return this;
        }

        /**
         * Binds the sockets and starts the threads.
         *
         * @return the running server
         * @throws IOException if a port cannot be bound (in use, not allowed)
         */
        public OscServer start() throws IOException {
            if (!udp && !tcp) {
                throw new IllegalStateException("neither UDP nor TCP enabled");
            }
            return new OscServer(this);
        }
    }
}
