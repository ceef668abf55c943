package org.aetherdsp.core.poly;

/**
 * Which sounding voice a {@link VoiceAllocator} takes for a new note when no voice is free.
 * Whatever the policy, a free (idle) voice is taken first, then a released voice (gate off,
 * tail still ringing), and only then a voice whose gate is on (held or sustained); the policy
 * chooses within the released voices, and then within the gated ones.
 */
public enum StealPolicy {
    /** The voice whose note started first. */
    OLDEST,
    /** The voice whose last measured block peak is lowest; ties go to the oldest. */
    QUIETEST,
    /**
     * A note already sounding on a voice (same channel and key, gated or released) restarts on
     * that voice; other notes are placed as with {@link #OLDEST}.
     */
    RETRIGGER
}
