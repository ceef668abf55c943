package org.aetherdsp.osc;

import com.illposed.osc.OSCMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.nodes.std.Meter;

/**
 * {@code /meter/subscribe}: one daemon thread sends each subscriber {@code /meter id peak rms}
 * at its interval, read from a {@code std.meter} node's {@link Meter} interface (lock-free reads
 * of what the RT thread published). A subscription ends with {@code /meter/unsubscribe}, when the
 * node leaves the graph, or when the server closes.
 */
final class MeterSubscriptions implements AutoCloseable {

    private record Key(String id, OscCommands.Replies to) {
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "aether-osc-meters");
        t.setDaemon(true);
        return t;
    });
    private final Map<Key, ScheduledFuture<?>> subscriptions = new ConcurrentHashMap<>();

    void subscribe(Engine engine, String id, long node, float intervalSeconds, OscCommands.Replies to) {
        if (!(intervalSeconds >= 0.01f && intervalSeconds <= 60f)) {
            throw new IllegalArgumentException("the meter interval must be within [0.01, 60] s, got " + intervalSeconds);
        }
        Meter meter = engine.nodeAs(node, Meter.class);
        Key key = new Key(id, to);
        long period = Math.round(intervalSeconds * 1e6);
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        ScheduledFuture<?> f = timer.scheduleAtFixedRate(() -> {
            if (!engine.contains(node)) {
                subscriptions.remove(key, self[0]);
                if (self[0] != null) {
                    self[0].cancel(false);
                }
                return;
            }
            to.send(new OSCMessage("/meter", List.of(id, meter.peak(), meter.rms())));
        }, 0, period, TimeUnit.MICROSECONDS);
        self[0] = f;
        ScheduledFuture<?> old = subscriptions.put(key, f);
        if (old != null) {
            old.cancel(false);
        }
    }

    void unsubscribe(String id, OscCommands.Replies to) {
        ScheduledFuture<?> f = subscriptions.remove(new Key(id, to));
        if (f == null) {
            throw new IllegalArgumentException("no meter subscription for " + id + " from this client");
        }
        f.cancel(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
