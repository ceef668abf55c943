package org.aetherdsp.core.engine;

/**
 * An automation event was refused because the engine's timeline is full: every event, every
 * lane (parameters with events at once) or the curve space is in use. Nothing was scheduled and
 * the engine is unchanged. Events come back as they are played or cancelled; the capacities are
 * {@link Engine.Builder#timelineEvents}, {@link Engine.Builder#timelineParams} and
 * {@link Engine.Builder#timelineCurveValues}.
 */
public final class TimelineFullException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message what was refused and which capacity is exhausted */
    public TimelineFullException(String message) {
        super(message);
    }
}
