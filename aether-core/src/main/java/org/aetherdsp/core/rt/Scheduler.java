package org.aetherdsp.core.rt;

import org.jctools.queues.SpscArrayQueue;

/**
 * The RT side of the engine: applies commands, runs the current plan, writes the host
 * buffers through the safety stage. {@link #process} is the only entry point and runs on the
 * RT thread; it never allocates, locks, blocks or throws (a node's exception is caught inside
 * the plan).
 *
 * <p>Memory ordering: both rings are JCTools SPSC queues, whose {@code offer} is a release
 * store of the element and whose {@code poll} is an acquire load. Everything the control
 * thread wrote before offering a command (a fully built plan, a transaction's changes, the
 * parameters it preset on nodes the plan adds) is therefore visible to the RT thread after
 * polling it, and the same holds in the other direction for what the RT thread attaches before
 * handing a command back.
 */
public final class Scheduler {

    private final SpscArrayQueue<Command> commands;
    private final SpscArrayQueue<Command> returns;
    private final int maxCommandsPerBlock;
    private final BlockContext context;
    /** The context this thread (worker 0) hands the nodes it runs. */
    private final NodeContext worker;
    private final long deadlineNanos;
    private final RtStats stats = new RtStats();
    /** Null when the engine runs on one thread: then every plan runs serially. */
    private final BlockHandoff handoff;
    /** Frame-stamped parameter changes from a real-time source (MIDI). */
    private final ParamEventRing events;
    /** The automation timeline's lanes. */
    private final Timeline timeline;
    /** The host safety stage's limiter, or null for none (the non-finite guard always runs). */
    private final HostLimiter limiter;
    private Plan plan;
    /**
     * The nodes with a parameter ramp in progress. Only they need their ramps advanced after a
     * block, and in a large patch most parameters sit still: advancing every node's
     * parameters cost about as much as a gain node's arithmetic. A ramp starts only here (a
     * transaction's changes, a node replacement, or a frame-stamped event), so the list is
     * complete. Removed nodes stay listed until their ramps land, which is harmless.
     */
    private final NodeSlot[] ramping;
    private int rampingCount;
    /** More ramps at once than the list holds: every node of the plan is advanced, as before. */
    private boolean rampOverflow;

    /**
     * @param commands            control to RT ring
     * @param returns             RT to control ring; must hold every command in circulation
     * @param initialPlan         the plan to run until the first swap
     * @param context             the engine's block context (sample rate, block size, position),
     *                            which this scheduler advances after each block
     * @param maxCommandsPerBlock bound on commands (messages) applied per block
     * @param parallel            whether plans with a cluster schedule run on several workers; the
     *                            helper workers find the blocks through {@link #handoff()}
     * @param rampCapacity        how many nodes with a parameter ramp in progress are tracked one by
     *                            one; beyond that every node is advanced each block until it fits again
     * @param events              frame-stamped parameter changes applied at the start of each block,
     *                            after the commands
     * @param limitCeiling        the host limiter's ceiling, or 0 for no limiter
     * @param timeline            the automation timeline, rendered at the start of each block
     */
    public Scheduler(SpscArrayQueue<Command> commands, SpscArrayQueue<Command> returns, Plan initialPlan,
                     BlockContext context, int maxCommandsPerBlock, boolean parallel, int rampCapacity,
                     ParamEventRing events, float limitCeiling, Timeline timeline) {
        this.events = events;
        this.timeline = timeline;
        this.commands = commands;
        this.returns = returns;
        this.plan = initialPlan;
        initialPlan.refreshBypass();
        this.context = context;
        this.maxCommandsPerBlock = maxCommandsPerBlock;
        this.deadlineNanos = (long) (context.blockSize() * 1e9 / context.sampleRate());
        this.handoff = parallel ? new BlockHandoff(context) : null;
        this.worker = new NodeContext(context);
        this.ramping = new NodeSlot[Math.max(1, rampCapacity)];
        this.limiter = limitCeiling > 0f ? new HostLimiter(limitCeiling, context.sampleRate()) : null;
    }

    /** @return where helper workers pick up parallel blocks, or null for a single-threaded scheduler */
    public BlockHandoff handoff() {
        return handoff;
    }

    /** @return the statistics this scheduler publishes */
    public RtStats stats() {
        return stats;
    }

    /** @return the deadline of one block in nanoseconds */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /**
     * Processes one block: applies up to {@code maxCommandsPerBlock} commands, runs the
     * plan and writes {@code host} (one array per channel, each at least a block long;
     * channels the plan does not drive are filled with silence). RT thread.
     *
     * @param host the host's output buffers
     */
    public void process(float[][] host) {
        final long start = System.nanoTime();
        final int applied = applyCommands();
        final Plan p = plan;
        events.apply(p, this);
        timeline.render(p, context.samplePosition(), this);
        // A plan without a cluster schedule (nothing to run side by side) takes the serial
        // path, and the helpers, seeing no new block, go idle.
        final int faults = handoff != null && p.clusterCount() != 0 ? handoff.run(p, start, worker) : p.run(worker);
        advanceRamps(p, context.blockSize());
        final int frames = context.blockSize();
        final int bad = p.writeHost(host, frames) + p.copyFeedback(frames);
        final int limited = limiter == null ? 0 : limiter.process(host, Math.min(host.length, p.channelCount()), frames);
        context.advance();
        final long elapsed = System.nanoTime() - start;

        stats.blockNanos.recordValue(Math.max(1L, Math.min(elapsed, RtStats.MAX_RECORDED_NANOS)));
        RtStats.add(stats.blocks, 1);
        if (applied != 0) {
            RtStats.add(stats.commandsApplied, applied);
        }
        if (elapsed > deadlineNanos) {
            RtStats.add(stats.deadlineMisses, 1);
        }
        if (bad != 0) {
            RtStats.add(stats.nonFiniteSamples, bad);
        }
        if (limited != 0) {
            RtStats.add(stats.limitedFrames, limited);
        }
        if (faults != 0) {
            RtStats.add(stats.faults, faults);
        }
    }

    /** Applies at most {@code maxCommandsPerBlock} messages, each whole. */
    private int applyCommands() {
        int n = 0;
        final long blockEnd = context.samplePosition() + context.blockSize();
        while (n < maxCommandsPerBlock) {
            Command c = commands.peek();
            if (c == null || c.startFrame >= blockEnd) {
                break; // a scheduled command holds back itself and what was sent after it
            }
            commands.poll();
            n++;
            if (c.kind == Command.TRANSACTION) {
                swapIn(c);
                c.applyChanges(this);
                if (c.eventHead != -1) {
                    timeline.take(c.eventHead, plan, context.samplePosition());
                    c.eventHead = -1;
                }
            } else if (c.kind == Command.CAPTURE_STATE) {
                c.capture.capture(context.samplePosition());
            } else if (c.kind == Command.REPLACE_NODE) {
                if (!c.replacement.takeOver(c.replaced, c.handover)) {
                    RtStats.add(stats.faults, 1); // so the control side looks for the report
                }
                if (c.replacement.anySmoothing()) {
                    track(c.replacement);
                }
                swapIn(c);
            }
            if (!returns.offer(c)) {
                // Cannot happen while the return ring holds the whole command pool (the
                // engine sizes it so); if it did, the command is dropped, not blocked on.
                RtStats.add(stats.returnRingFull, 1);
            }
        }
        return n;
    }

    /**
     * A plain change is about to reach {@code p}: if a timeline holds it, the timeline ends there
     * (see {@link Timeline#override}).
     */
    void plainChange(org.aetherdsp.core.param.SmoothedParam p) {
        if (p.lane() >= 0) {
            timeline.override(p, context.samplePosition());
        }
    }

    /** Lists a node whose parameter has started a ramp (or holds a change pending inside the block). */
    void track(NodeSlot s) {
        if (s.ramping) {
            return;
        }
        if (rampingCount == ramping.length) {
            rampOverflow = true;
            return;
        }
        s.ramping = true;
        ramping[rampingCount++] = s;
    }

    /** Moves every ramp in progress one block on, and forgets the nodes whose ramps landed. */
    private void advanceRamps(Plan p, int frames) {
        if (rampOverflow) {
            // Advance everything the plan runs, then list what still ramps; stay in this mode
            // until it fits. (Ramps of nodes outside the plan no longer matter.)
            p.advanceAll(frames);
            for (int k = 0; k < rampingCount; k++) {
                ramping[k].ramping = false;
                ramping[k] = null;
            }
            rampingCount = 0;
            rampOverflow = false;
            for (int i = 0, n = p.size(); i < n; i++) {
                if (p.slots[i].anySmoothing()) {
                    track(p.slots[i]);
                }
            }
            return;
        }
        for (int k = 0; k < rampingCount; ) {
            NodeSlot s = ramping[k];
            s.params.advance(frames);
            if (s.anySmoothing()) {
                k++;
            } else {
                s.ramping = false;
                ramping[k] = ramping[--rampingCount];
                ramping[rampingCount] = null;
            }
        }
    }

    /** Installs the plan a command carries, if any, handing the old one back with the command. */
    private void swapIn(Command c) {
        Plan next = c.plan.getAndSet(null);
        if (next != null) {
            next.refreshBypass();
            c.retired = plan;
            plan = next;
        }
    }
}
