package org.aetherdsp.core.engine;

import java.util.concurrent.atomic.AtomicLong;
import org.aetherdsp.core.model.PlanCompiler;
import org.aetherdsp.core.rt.Command;
import org.aetherdsp.core.rt.Plan;
import org.jctools.queues.SpscArrayQueue;

/**
 * The control side's end of the two command rings: the pool of commands, sending them, taking
 * them back with the plans the RT thread retired, and folding a newer plan into a swap the RT
 * thread has not taken yet. Every command is either in the pool, in the command ring, on the
 * RT thread or in the return ring; a return ring as large as the pool can therefore never be
 * full.
 *
 * <p>Threads: the engine's control side, under its lock (one thread at a time). The rings'
 * ordering is explained in {@code Scheduler}.
 */
final class CommandPort {

    private final SpscArrayQueue<Command> commands;
    private final SpscArrayQueue<Command> returns;
    private final Command[] pool;
    private int poolTop;
    private final PlanCompiler compiler;
    /** The latest command carrying a plan the RT thread may not have taken yet, and that plan. */
    private Command pendingSwap;
    private Plan pendingPlan;
    /** The command sent last, until it comes back: a plan may fold only into that one. */
    private Command lastSent;
    /** Edits refused because every command was in flight; read by the telemetry from any thread. */
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param capacity commands in circulation (rounded up to a power of two by the ring)
     * @param compiler where retired plans go back for refilling
     */
    /** Where the events of a command never sent go back; null in engines built without one. */
    private TimelinePool timeline;

    /** Sets where the events of a command that is given back unsent are freed. */
    void timeline(TimelinePool pool) {
        this.timeline = pool;
    }

    CommandPort(int capacity, PlanCompiler compiler) {
        this.commands = new SpscArrayQueue<>(capacity);
        this.pool = new Command[commands.capacity()];
        this.returns = new SpscArrayQueue<>(pool.length);
        for (int i = 0; i < pool.length; i++) {
            pool[i] = new Command();
        }
        this.poolTop = pool.length;
        this.compiler = compiler;
    }

    SpscArrayQueue<Command> commands() {
        return commands;
    }

    SpscArrayQueue<Command> returns() {
        return returns;
    }

    /**
     * Recycles what the RT thread handed back, then refuses if no command is free. Every edit
     * that will send a command calls this before it changes anything, so that a full ring
     * refuses the edit with the engine untouched. (A structural edit may end up folding its
     * plan into a swap still pending, but it cannot know that in advance: the RT thread may
     * take that swap at any moment.)
     *
     * @param what the refused edit, for the message
     * @throws CommandQueueFullException if every command is in flight
     */
    void requireFree(String what) {
        drainReturns();
        if (poolTop == 0) {
            refused.incrementAndGet();
            throw new CommandQueueFullException("command ring full (" + pool.length + " commands in flight): " + what
                    + " refused, nothing changed; is anything calling Engine.process()?");
        }
    }

    /** @return a free command; {@link #requireFree} said there is one */
    Command take() {
        return pool[--poolTop];
    }

    /** Puts back a command that was taken but not sent. */
    void giveBack(Command c) {
        if (timeline != null && c.events() != -1) {
            timeline.freeChain(c.events());
        }
        c.clear();
        pool[poolTop++] = c;
    }

    /**
     * Offers a command to the RT thread. If it carries a plan, later structural edits may fold
     * their plans into it until the RT thread takes it.
     */
    void send(Command c, Plan carried) {
        if (!commands.offer(c)) {
            // The ring holds the whole pool, so a taken command always fits.
            throw new IllegalStateException("command ring rejected a pooled command: engine bug");
        }
        lastSent = c;
        if (carried != null) {
            pendingSwap = c;
            pendingPlan = carried;
        }
    }

    /** @return edits refused so far because the ring was full; any thread */
    long refused() {
        return refused.get();
    }

    /**
     * Puts {@code plan} into the pending swap in place of the plan it carries, if the RT thread
     * has not taken that one yet: the RT thread then installs only the newest plan, and the
     * replaced one goes back to the compiler unrun. Only into the command sent last: a plan
     * folded into an earlier one would take effect before the messages sent after that one,
     * out of the order in which they were committed.
     *
     * @return whether the plan rides on the pending swap (no command needs to be sent for it)
     */
    boolean fold(Plan plan) {
        if (pendingSwap != null && pendingSwap == lastSent && pendingSwap.replacePendingPlan(pendingPlan, plan)) {
            compiler.recycle(pendingPlan); // the RT thread never took it
            pendingPlan = plan;
            return true;
        }
        return false;
    }

    /** Takes back every command the RT thread has handed back, recycling the plans it retired. */
    void drainReturns() {
        Command c;
        while ((c = returns.poll()) != null) {
            if (c == pendingSwap) {
                pendingSwap = null;
                pendingPlan = null;
            }
            if (c == lastSent) {
                lastSent = null;
            }
            Plan retired = c.takeRetired();
            if (retired != null) {
                compiler.recycle(retired);
            }
            c.clear();
            pool[poolTop++] = c;
        }
    }
}
