package org.aetherdsp.osc;

import com.illposed.osc.OSCBundle;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import com.illposed.osc.argument.OSCTimeTag64;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.core.arena.HandleAllocator;
import org.aetherdsp.core.engine.Automation;
import org.aetherdsp.core.engine.EditBatch;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.EngineStats;
import org.aetherdsp.core.graph.UserText;

/**
 * The address space: each OSC message becomes calls on the engine's control API, made on the
 * network thread that parsed it (the engine serialises them; none waits for the RT thread). Every
 * command is answered: a query with its data and then {@code /done}, an edit with
 * {@code /done <address> [results]}, a failure with {@code /error <address> <message>} (the
 * engine's own message, which names the node, port, type or parameter).
 *
 * <p>A bundle is one batch: its messages reach the RT thread as one message, at one block
 * boundary, or not at all (the first failure rolls it back and is the bundle's {@code /error}). A
 * bundle with a time tag runs on the engine's clock ({@link OscClock}): parameter sets become
 * timeline events at the tag's frame (sample-accurate), structural edits are committed with
 * {@link EditBatch#commitAt} (at the start of the block containing that frame). A tag whose
 * frame has already passed is late: the bundle runs at once and {@code osc.late} counts it.
 *
 * <p>Threads: the server's network threads, one message at a time each; thread-safe.
 */
final class OscCommands {

    /** A node reference: patch/node id (s), {@code index:generation} (s), or a raw handle (h). */
    private static final String N = "N";

    /** Where replies go (the sender's address, or its TCP connection). */
    interface Replies {
        void send(OSCMessage reply);

        /** Sends this sender host's later replies to {@code port} (UDP only). */
        default void replyTo(int port) {
            throw new IllegalArgumentException("/aether/replyto is for UDP clients: a TCP client gets its replies on its connection");
        }
    }

    private record Spec(String address, String args, String help, Handler handler, int required) {
        Spec(String address, String args, String help, Handler handler) {
            this(address, args, help, handler, required(args));
        }

        /** Arguments without brackets, not counting a trailing "...": how many a message must have. */
        private static int required(String args) {
            int n = 0;
            for (String token : args.split(" ")) {
                if (!token.isEmpty() && !token.startsWith("[") && !token.equals("...")) {
                    n++;
                }
            }
            return n;
        }
    }

    @FunctionalInterface
    private interface Handler {
        void run(Call call) throws Exception;
    }

    /** A message being executed: its arguments, the bundle's frame, and where results go. */
    private final class Call {
        final String address;
        final List<Object> args;
        /** The bundle's engine frame, or {@link Long#MIN_VALUE} for "now". */
        final long frame;
        final Replies replies;
        final List<Object> results = new ArrayList<>();

        Call(String address, List<Object> args, long frame, Replies replies) {
            this.address = address;
            this.args = args;
            this.frame = frame;
            this.replies = replies;
        }

        int count() {
            return args.size();
        }

        String string(int i) {
            Object o = arg(i);
            if (o instanceof String s) {
                return s;
            }
            throw bad(i, "a string (s)");
        }

        int integer(int i) {
            Object o = arg(i);
            if (o instanceof Integer v) {
                return v;
            }
            throw bad(i, "an int (i)");
        }

        float number(int i) {
            Object o = arg(i);
            if (o instanceof Float v) {
                return v;
            }
            if (o instanceof Double v) {
                return v.floatValue();
            }
            if (o instanceof Integer v) {
                return v;
            }
            throw bad(i, "a number (f, d or i)");
        }

        long node(int i) {
            Object o = arg(i);
            if (o instanceof Long h) {
                return h;
            }
            if (o instanceof String s) {
                return resolve(s);
            }
            throw bad(i, "a node (its id as s, or its handle as h)");
        }

        /** A time: integers (i, h) are engine frames, floats (f, d) engine seconds. */
        double frames(int i) {
            Object o = arg(i);
            if (o instanceof Integer v) {
                return v;
            }
            if (o instanceof Long v) {
                return v;
            }
            if (o instanceof Float v) {
                return v * (double) engine.sampleRate();
            }
            if (o instanceof Double v) {
                return v * engine.sampleRate();
            }
            throw bad(i, "a time (frames as i or h, seconds as f or d)");
        }

        private Object arg(int i) {
            if (i >= args.size()) {
                throw new IllegalArgumentException(address + " expects " + usage(address) + "; got " + typeTags(args));
            }
            return args.get(i);
        }

        private IllegalArgumentException bad(int i, String what) {
            return new IllegalArgumentException(address + " expects " + usage(address) + "; argument " + (i + 1)
                    + " must be " + what + ", got " + typeTags(args));
        }

        void reply(String address, Object... values) {
            List<Object> all = new ArrayList<>(values.length);
            for (Object v : values) {
                all.add(v);
            }
            replies.send(new OSCMessage(address, all));
        }
    }

    private final Engine engine;
    private final OscClock clock;
    private final PatchLoader loader;
    private final Map<String, Spec> specs = new LinkedHashMap<>();
    /** Node ids a client or a patch gave, to handles. */
    private final Map<String, Long> ids = new ConcurrentHashMap<>();
    private final MeterSubscriptions meters;
    final AtomicLong received = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong late = new AtomicLong();

    /** Added to every time tag's frame: the server's configured latency. */
    private final long latencyFrames;

    OscCommands(Engine engine, OscClock clock, PatchLoader loader, MeterSubscriptions meters, double latencySeconds) {
        this.engine = engine;
        this.latencyFrames = Math.round(latencySeconds * engine.sampleRate());
        this.clock = clock;
        this.loader = loader;
        this.meters = meters;
        define("/aether/ping", "", "answers /pong", c -> c.reply("/pong"));
        define("/aether/replyto", "i:port", "UDP: sends every later reply to this sender's host at this port"
                + " (for senders that do not listen, such as oscsend; 0 resets)", c -> c.replies.replyTo(c.integer(0)));
        define("/node/add", "s:type [s:id]", "adds a node; /done gives its id and handle", this::add);
        define("/node/remove", "N", "removes a node", c -> {
            long n = c.node(0);
            engine.remove(n);
            ids.values().removeIf(h -> h == n);
        });
        define("/node/connect", "N i:out N i:in", "connects an output port to an input port",
                c -> engine.connect(c.node(0), c.integer(1), c.node(2), c.integer(3)));
        define("/node/disconnect", "N i:out N i:in", "removes a connection",
                c -> engine.disconnect(c.node(0), c.integer(1), c.node(2), c.integer(3)));
        define("/output/connect", "N i:port i:channel", "routes an output port to a host channel",
                c -> engine.connectOutput(c.node(0), c.integer(1), c.integer(2)));
        define("/output/disconnect", "N i:port i:channel", "removes a route to a host channel",
                c -> engine.disconnectOutput(c.node(0), c.integer(1), c.integer(2)));
        define("/param/set", "N s:param f:value [f:rampMs]",
                "sets a parameter (ramp: the spec's smoothing, or rampMs); in a time-tagged bundle, at the tag's frame exactly",
                this::setParam);
        define("/param/get", "N s:param", "answers /param id param playing target", c -> {
            long n = c.node(0);
            String p = c.string(1);
            c.reply("/param", c.args.get(0).toString(), p, engine.getParam(n, p), engine.getParamTarget(n, p));
        });
        define("/timeline/set", "N s:param f:value T", "setValueAtTime", c -> timeline(c, Kind.SET));
        define("/timeline/linear", "N s:param f:value T:end", "linearRampToValueAtTime", c -> timeline(c, Kind.LINEAR));
        define("/timeline/exp", "N s:param f:value T:end", "exponentialRampToValueAtTime", c -> timeline(c, Kind.EXP));
        define("/timeline/target", "N s:param f:target T:start T:timeConstant", "setTargetAtTime",
                c -> timeline(c, Kind.TARGET));
        define("/timeline/curve", "N s:param T:start T:duration f:value f:value ...", "setValueCurveAtTime",
                c -> timeline(c, Kind.CURVE));
        define("/timeline/cancel", "N s:param T", "cancelScheduledValues", c -> timeline(c, Kind.CANCEL));
        define("/timeline/hold", "N s:param T", "cancelAndHoldAtTime", c -> timeline(c, Kind.HOLD));
        define("/patch/load", "s:path", "loads a patch file into the engine (one batch); /done gives the node count",
                this::loadPatch);
        define("/nodes", "", "answers /node id type handle for each node", this::nodes);
        define("/params", "N", "answers /param id param playing target for each parameter", this::params);
        define("/stats", "", "answers /stats name value name value ... (blocks, deadline misses, counters)", this::stats);
        define("/meter/subscribe", "N [f:intervalSeconds]", "sends /meter id peak rms every interval (default 0.1 s)",
                c -> {
                    long n = c.node(0);
                    float interval = c.count() > 1 ? c.number(1) : 0.1f;
                    meters.subscribe(engine, c.args.get(0).toString(), n, interval, c.replies);
                });
        define("/meter/unsubscribe", "N", "stops /meter messages for a node",
                c -> meters.unsubscribe(c.args.get(0).toString(), c.replies));
        define("/clock", "", "answers /clock frame ntpNow sampleRate anchorFrame anchorNtp", c -> c.reply("/clock",
                engine.currentFrame(), new TimeTag(OscClock.ntpNow()), engine.sampleRate(), clock.anchorFrame(),
                new TimeTag(clock.anchorNtp())));
        define("/clock/sync", "", "re-anchors time tags to the engine clock now", c -> clock.sync());
    }

    /** JavaOSC's time tag type has a protected constructor: this exposes the raw value. */
    static final class TimeTag extends OSCTimeTag64 {
        private static final long serialVersionUID = 1L;

        TimeTag(long ntp) {
            super(ntp);
        }
    }

    private enum Kind { SET, LINEAR, EXP, TARGET, CURVE, CANCEL, HOLD }

    private void define(String address, String args, String help, Handler handler) {
        specs.put(address, new Spec(address, args, help, handler));
    }

    /** @return every address with its arguments and what it does, in table order */
    List<String[]> table() {
        List<String[]> rows = new ArrayList<>();
        for (Spec s : specs.values()) {
            rows.add(new String[] {s.address, s.args, s.help});
        }
        return rows;
    }

    private String usage(String address) {
        Spec s = specs.get(address);
        return s == null || s.args.isEmpty() ? "no arguments" : s.args;
    }

    // ---------------------------------------------------------------- packets

    /** Executes a parsed packet, replying to {@code replies}. */
    void execute(OSCPacket packet, Replies replies) {
        if (packet instanceof OSCBundle bundle) {
            executeBundle(bundle, replies);
        } else {
            OSCMessage m = (OSCMessage) packet;
            received.incrementAndGet();
            Spec spec = specs.get(m.getAddress());
            if (spec == null) {
                error(replies, m.getAddress(), unknown(m.getAddress()));
                return;
            }
            Call call = new Call(m.getAddress(), m.getArguments(), Long.MIN_VALUE, replies);
            try {
                requireArity(spec, call);
                spec.handler.run(call);
            } catch (Exception | Error e) {
                error(replies, m.getAddress(), message(e));
                return;
            }
            done(call);
        }
    }

    private void executeBundle(OSCBundle bundle, Replies replies) {
        OSCTimeTag64 tag = bundle.getTimestamp();
        long frame = Long.MIN_VALUE;
        if (tag != null && !tag.isImmediate()) {
            frame = clock.frameOf(tag.getNtpTime()) + latencyFrames;
            if (frame < engine.currentFrame()) {
                late.incrementAndGet();
                frame = Long.MIN_VALUE; // late: at once
            }
        }
        List<Call> calls = new ArrayList<>();
        List<OSCBundle> nested = new ArrayList<>();
        String failedAt = null;
        String failure = null;
        try (EditBatch batch = engine.beginBatch()) {
            for (OSCPacket p : bundle.getPackets()) {
                if (p instanceof OSCBundle b) {
                    nested.add(b); // its own batch, at its own time, after this one
                    continue;
                }
                OSCMessage m = (OSCMessage) p;
                received.incrementAndGet();
                Spec spec = specs.get(m.getAddress());
                if (spec == null || m.getAddress().equals("/patch/load")) {
                    failedAt = m.getAddress();
                    failure = spec == null ? unknown(m.getAddress()) : "/patch/load cannot be part of a bundle";
                    break;
                }
                Call call = new Call(m.getAddress(), m.getArguments(), frame, replies);
                try {
                    requireArity(spec, call);
                    spec.handler.run(call);
                } catch (Exception | Error e) {
                    failedAt = m.getAddress();
                    failure = message(e);
                    break;
                }
                calls.add(call);
            }
            if (failure == null) {
                if (frame == Long.MIN_VALUE) {
                    batch.commit();
                } else {
                    batch.commitAt(frame);
                }
            }
        } catch (Exception | Error e) {
            failedAt = failedAt == null ? "#bundle" : failedAt;
            failure = failure == null ? message(e) : failure;
        }
        if (failure != null) {
            error(replies, failedAt, failure + " (the bundle was rolled back: nothing of it was applied)");
        } else {
            for (Call c : calls) {
                done(c);
            }
        }
        for (OSCBundle b : nested) {
            executeBundle(b, replies);
        }
    }

    private void requireArity(Spec spec, Call call) {
        if (call.count() < spec.required) {
            throw new IllegalArgumentException(call.address + " expects " + usage(call.address) + "; got " + typeTags(call.args));
        }
    }

    private void done(Call call) {
        List<Object> args = new ArrayList<>();
        args.add(call.address);
        args.addAll(call.results);
        call.replies.send(new OSCMessage("/done", args));
    }

    void error(Replies replies, String address, String message) {
        errors.incrementAndGet();
        List<Object> args = new ArrayList<>(2);
        args.add(address);
        args.add(message);
        replies.send(new OSCMessage("/error", args));
    }

    private String unknown(String address) {
        return "unknown address " + UserText.quote(address) + "; the server knows " + UserText.list(new ArrayList<>(specs.keySet()));
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static String typeTags(List<Object> args) {
        StringBuilder b = new StringBuilder(",");
        for (Object o : args) {
            b.append(o instanceof Integer ? 'i' : o instanceof Float ? 'f' : o instanceof String ? 's' : o instanceof Long ? 'h'
                    : o instanceof Double ? 'd' : o instanceof OSCTimeTag64 ? 't' : o instanceof byte[] ? 'b' : '?');
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- commands

    /** Adds node ids (a patch's). */
    void name(Map<String, Long> more) {
        ids.putAll(more);
    }

    long resolve(String id) {
        Long h = ids.get(id);
        if (h != null) {
            return h;
        }
        int colon = id.indexOf(':');
        if (colon > 0) {
            try {
                int index = Integer.parseInt(id.substring(0, colon));
                int generation = Integer.parseUnsignedInt(id.substring(colon + 1));
                return HandleAllocator.handle(generation, index);
            } catch (NumberFormatException e) {
                // not a handle: fall through
            }
        }
        throw new IllegalArgumentException("no node " + UserText.quote(id) + ": neither an id from the patch or /node/add"
                + " nor a handle index:generation");
    }

    private void add(Call c) {
        String type = c.string(0);
        String id = c.count() > 1 ? c.string(1) : null;
        if (id != null && ids.containsKey(id)) {
            throw new IllegalArgumentException("node id " + UserText.quote(id) + " is taken");
        }
        long h = engine.add(type);
        String name = id != null ? id : HandleAllocator.format(h);
        if (id != null) {
            ids.put(id, h);
        }
        c.results.add(name);
        c.results.add(h);
    }

    private void setParam(Call c) {
        long n = c.node(0);
        String p = c.string(1);
        float v = c.number(2);
        if (c.frame != Long.MIN_VALUE) {
            engine.automation().setValueAtFrame(n, p, v, c.frame);
            c.results.add(c.frame);
        } else if (c.count() > 3) {
            engine.setParam(n, p, v, c.number(3));
        } else {
            engine.setParam(n, p, v);
        }
    }

    private void timeline(Call c, Kind kind) {
        long n = c.node(0);
        String p = c.string(1);
        Automation a = engine.automation();
        switch (kind) {
            case SET -> a.setValueAtFrame(n, p, c.number(2), frame(c.frames(3)));
            case LINEAR -> a.linearRampToValueAtFrame(n, p, c.number(2), frame(c.frames(3)));
            case EXP -> a.exponentialRampToValueAtFrame(n, p, c.number(2), frame(c.frames(3)));
            case TARGET -> a.setTargetAtFrame(n, p, c.number(2), frame(c.frames(3)), c.frames(4));
            case CURVE -> {
                long start = frame(c.frames(2));
                long duration = frame(c.frames(3));
                float[] values = new float[Math.max(0, c.count() - 4)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = c.number(4 + i);
                }
                a.setValueCurveAtFrame(n, p, values, start, duration);
            }
            case CANCEL -> a.cancelScheduledValues(n, p, frame(c.frames(2)));
            case HOLD -> a.cancelAndHoldAtFrame(n, p, frame(c.frames(2)));
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private static long frame(double frames) {
        if (!Double.isFinite(frames)) {
            throw new IllegalArgumentException("a time must be finite, got " + frames);
        }
        return Math.round(frames);
    }

    private void loadPatch(Call c) throws Exception {
        Map<String, Long> loaded = loader.load(engine, c.string(0));
        ids.putAll(loaded);
        c.results.add(loaded.size());
    }

    private void nodes(Call c) {
        Map<Long, String> names = new java.util.HashMap<>();
        ids.forEach((id, h) -> names.put(h, id));
        long[] all = engine.nodes();
        for (long h : all) {
            c.reply("/node", names.getOrDefault(h, HandleAllocator.format(h)), engine.typeOf(h), h);
        }
        c.results.add(all.length);
    }

    private void params(Call c) {
        long n = c.node(0);
        String id = c.args.get(0).toString();
        int count = 0;
        for (ParamSpec s : engine.registry().require(engine.typeOf(n)).descriptor().params()) {
            c.reply("/param", id, s.id(), engine.getParam(n, s.id()), engine.getParamTarget(n, s.id()));
            count++;
        }
        c.results.add(count);
    }

    private void stats(Call c) {
        EngineStats s = engine.stats();
        List<Object> args = new ArrayList<>();
        Consumer<Object[]> pair = kv -> {
            args.add(kv[0]);
            args.add(kv[1]);
        };
        pair.accept(new Object[] {"blocks", s.blocks()});
        pair.accept(new Object[] {"deadline-misses", s.deadlineMisses()});
        pair.accept(new Object[] {"commands-applied", s.commandsApplied()});
        pair.accept(new Object[] {"frame", engine.currentFrame()});
        s.counters().forEach((k, v) -> pair.accept(new Object[] {k, v}));
        c.replies.send(new OSCMessage("/stats", args));
    }
}
