package org.aetherdsp.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.NodeProvider;
import org.aetherdsp.api.NodeType;

/**
 * What {@link Engine.Builder} configures: its settings, each checked when set, and
 * {@link #build()}. A class of its own so that the engine's facade holds the engine and the
 * builder only its configuration; users see these methods as {@code Engine.Builder}'s.
 * Any thread, before {@link #build()}; not thread-safe.
 */
abstract sealed class EngineOptions permits Engine.Builder {

    EngineOptions() {
    }

    private Engine.Builder self() {
        return (Engine.Builder) this;
    }
    float sampleRate = 48_000f;
    int blockSize = 64;
    int channels = 2;
    int inputChannels;
    int commandCapacity = 1024;
    int maxCommandsPerBlock = 32;
    int paramEventCapacity = 1024;
    int initialNodeCapacity = 256;
    int workers = 1;
    Runnable helperStart;
    boolean discover = true;
    long startPosition;
    float limitCeiling;
    int timelineEvents = 4096;
    int timelineParams = 256;
    int timelineCurveValues = 65_536;
    final List<java.nio.file.Path> pluginFolders = new ArrayList<>();
    NodeRegistry registry;
    final List<NodeProvider> providers = new ArrayList<>();
    final List<NodeType> types = new ArrayList<>();

    /**
     * @param hz sample rate, 8000 to 768000
     * @return this
     */
    public Engine.Builder sampleRate(float hz) {
        if (!(hz >= 8_000f && hz <= 768_000f)) {
            throw new IllegalArgumentException("sample rate must be within 8000..768000 Hz, got " + hz);
        }
        this.sampleRate = hz;
        return self();
    }

    /**
     * @param frames frames per block, 1 to 8192
     * @return this
     */
    public Engine.Builder blockSize(int frames) {
        if (frames < 1 || frames > 8192) {
            throw new IllegalArgumentException("block size must be within 1..8192 frames, got " + frames);
        }
        this.blockSize = frames;
        return self();
    }

    /**
     * @param count host output channels, 1 to 256
     * @return this
     */
    public Engine.Builder outputChannels(int count) {
        if (count < 1 || count > 256) {
            throw new IllegalArgumentException("output channels must be within 1..256, got " + count);
        }
        this.channels = count;
        return self();
    }

    /**
     * @param count host input channels, 0 (the default: the engine only generates) to 256;
     *              {@link Engine#connectInput} routes them into nodes
     * @return this
     * @throws IllegalArgumentException if outside 0..256
     */
    public Engine.Builder inputChannels(int count) {
        if (count < 0 || count > 256) {
            throw new IllegalArgumentException("input channels must be within 0..256, got " + count);
        }
        this.inputChannels = count;
        return self();
    }

    /**
     * @param capacity automation events ({@link Engine#automation()}) scheduled or in flight
     *                 at once, 1 to 2^20 (default 4096); beyond it scheduling throws
     *                 {@link TimelineFullException}
     * @return this
     */
    public Engine.Builder timelineEvents(int capacity) {
        if (capacity < 1 || capacity > (1 << 20)) {
            throw new IllegalArgumentException("timeline events must be within 1..1048576, got " + capacity);
        }
        this.timelineEvents = capacity;
        return self();
    }

    /**
     * @param count parameters that have automation events at once, 1 to 65536 (default 256);
     *              each holds a block of floats on the RT side
     * @return this
     */
    public Engine.Builder timelineParams(int count) {
        if (count < 1 || count > 65_536) {
            throw new IllegalArgumentException("timeline params must be within 1..65536, got " + count);
        }
        this.timelineParams = count;
        return self();
    }

    /**
     * @param count floats for the values of scheduled value curves, all together, 16 to 2^24
     *              (default 65536)
     * @return this
     */
    public Engine.Builder timelineCurveValues(int count) {
        if (count < 16 || count > (1 << 24)) {
            throw new IllegalArgumentException("timeline curve values must be within 16..16777216, got " + count);
        }
        this.timelineCurveValues = count;
        return self();
    }

    /**
     * @param capacity messages that can be in flight at once (rounded up to a power of two), at
     *                 least 8; a batch of any size is one message
     * @return this
     */
    public Engine.Builder commandCapacity(int capacity) {
        if (capacity < 8 || capacity > (1 << 20)) {
            throw new IllegalArgumentException("command capacity must be within 8..1048576, got " + capacity);
        }
        this.commandCapacity = capacity;
        return self();
    }

    /**
     * @param max messages applied per block at most (bounded work on the RT thread; a batch
     *            is one message, applied whole), at least 1
     * @return this
     */
    public Engine.Builder maxCommandsPerBlock(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max commands per block must be at least 1, got " + max);
        }
        this.maxCommandsPerBlock = max;
        return self();
    }

    /**
     * @param capacity frame-stamped parameter events ({@link Engine#paramEvents()}) queued per
     *                 block at most, 1 to 2^20 (rounded up to a power of two; default 1024)
     * @return this
     */
    public Engine.Builder paramEventCapacity(int capacity) {
        if (capacity < 1 || capacity > (1 << 20)) {
            throw new IllegalArgumentException("parameter event capacity must be within 1..1048576, got " + capacity);
        }
        this.paramEventCapacity = capacity;
        return self();
    }

    /**
     * Runs independent parts of the graph on several threads: the one calling
     * {@link Engine#process} and {@code count - 1} helper threads the engine starts (stop them
     * with {@link Engine#close()}). Output is bit-identical to one worker's. With 1 (the
     * default) the engine starts no thread and runs exactly the single-threaded code.
     *
     * <p>Give every helper a core of its own. The RT thread waits for a cluster a helper is
     * running, so a helper that the OS preempts in the middle of one (on a machine with
     * more busy threads than cores) delays the whole block.
     *
     * @param count workers, 1 to 64
     * @return this
     */
    public Engine.Builder workers(int count) {
        if (count < 1 || count > 64) {
            throw new IllegalArgumentException("workers must be within 1..64, got " + count);
        }
        this.workers = count;
        return self();
    }

    /**
     * Code each helper worker thread runs once, on itself, before its first block: where an
     * application sets the helpers' scheduling as it does the RT thread's, for example
     * {@code helperStart(() -> RealtimeScheduling.setFifo(69))} with aether-io. A helper
     * under ordinary scheduling can be preempted in the middle of a cluster that the RT
     * thread then waits for. If the code throws, the exception goes to the helper thread's
     * uncaught-exception handler and the helper works on without it. Ignored with one
     * worker. Under real-time scheduling give every worker a core of its own: a worker
     * waiting for another's cluster spins, and a real-time thread that spins never lets a
     * lower-priority thread on its core run. The helpers keep the code: if it refers to the
     * engine, only {@link Engine#close} stops them.
     *
     * @param setup the code, or null for none
     * @return this builder
     */
    public Engine.Builder helperStart(Runnable setup) {
        this.helperStart = setup;
        return self();
    }

    /**
     * @param capacity nodes before the graph's arena first grows
     * @return this
     */
    public Engine.Builder initialNodeCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("initial node capacity must be at least 1, got " + capacity);
        }
        this.initialNodeCapacity = capacity;
        return self();
    }

    /**
     * @param enabled whether to find {@link NodeProvider}s with {@link java.util.ServiceLoader} (default true)
     * @return this
     */
    public Engine.Builder discoverNodeTypes(boolean enabled) {
        this.discover = enabled;
        return self();
    }

    /**
     * @param provider a provider to use in addition to discovered ones
     * @return this
     */
    public Engine.Builder nodeProvider(NodeProvider provider) {
        providers.add(Objects.requireNonNull(provider, "provider"));
        return self();
    }

    /**
     * @param type a node type to offer in addition to discovered ones
     * @return this
     */
    public Engine.Builder nodeType(NodeType type) {
        types.add(Objects.requireNonNull(type, "type"));
        return self();
    }

    /**
     * Also loads node providers from every JAR in a folder, each JAR in its own module
     * layer (or class loader when Aether runs on the class path). A JAR that fails to load
     * is skipped and listed in {@link NodeRegistry#problems()}; two providers claiming one
     * id fail the build naming both (with their modules and JARs).
     *
     * @param folder a directory of plugin JARs
     * @return this
     */
    public Engine.Builder pluginFolder(java.nio.file.Path folder) {
        pluginFolders.add(Objects.requireNonNull(folder, "folder"));
        return self();
    }

    /**
     * Uses a registry built beforehand (e.g. {@link NodeRegistry#load(List)}) instead of
     * discovering one; the other node-type options are then ignored.
     *
     * @param prebuilt the registry
     * @return this
     */
    public Engine.Builder registry(NodeRegistry prebuilt) {
        this.registry = Objects.requireNonNull(prebuilt, "registry");
        return self();
    }

    /**
     * Adds a limiter to the host safety stage, after the non-finite guard: no output sample
     * ever exceeds {@code ceiling} in magnitude, whatever the patch does. A peak limiter
     * linked across channels, with no look-ahead and no added latency: a frame that would
     * exceed the ceiling takes the gain down at once to exactly the ceiling, which then
     * recovers toward unity with a 50 ms time constant. Audio under the ceiling at unity
     * gain passes bit for bit unchanged. Limited frames are counted in
     * {@link EngineStats#limitedFrames()}. Off by default (the CLI turns it on).
     *
     * @param ceiling the largest output magnitude, in (0, 16], e.g. 1.0 for full scale; or 0 for no limiter
     * @return this
     */
    public Engine.Builder outputLimiter(float ceiling) {
        if (!(ceiling == 0f || ceiling > 0f && ceiling <= 16f)) {
            throw new IllegalArgumentException("limiter ceiling must be 0 (off) or within (0, 16], got " + ceiling);
        }
        this.limitCeiling = ceiling;
        return self();
    }

    /**
     * @param frames the frame position of the first block (default 0)
     * @return this
     */
    public Engine.Builder startPosition(long frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("start position must not be negative, got " + frames);
        }
        this.startPosition = frames;
        return self();
    }

    /**
     * Takes the snapshot's sample rate, block size, channel count and position, so that
     * {@link Engine#restore} continues where the snapshot was taken.
     *
     * @param snapshot the snapshot
     * @return this
     */
    public Engine.Builder startingFrom(GraphSnapshot snapshot) {
        return sampleRate(snapshot.sampleRate()).blockSize(snapshot.blockSize())
                .outputChannels(snapshot.outputChannels()).inputChannels(snapshot.inputChannels())
                .startPosition(snapshot.samplePosition());
    }

    /**
     * @return the engine
     * @throws IllegalStateException if two providers claim the same node type id
     */
    public Engine build() {
        return new Engine(self());
    }
}
