package org.aetherdsp.osc;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * How OSC time tags map to engine frames. An anchor pairs a host time (the wall clock, as OSC
 * time tags count it: NTP seconds since 1900) with the engine's frame at that moment
 * ({@code Engine.currentFrame()}); a time tag {@code t} then maps to
 * {@code anchorFrame + round((t - anchorTime) * sampleRate)}. The anchor is taken when the server
 * starts and again on {@code /clock/sync}: between anchors the mapping is exact and fixed, so two
 * bundles {@code d} seconds apart land {@code round(d * sampleRate)} frames apart, whatever the
 * network did; the audio clock and the host clock drift apart by their crystals' difference
 * (tens of ppm), which a client corrects by syncing now and then.
 *
 * <p>Threads: any; the anchor is replaced as one immutable object.
 */
public final class OscClock {

    /** Seconds from the NTP epoch (1900) to the Java epoch (1970). */
    static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;

    private record Anchor(long frame, long ntp) {
    }

    private final LongSupplier engineFrame;
    private final double sampleRate;
    private volatile Anchor anchor;

    OscClock(LongSupplier engineFrame, double sampleRate) {
        this.engineFrame = engineFrame;
        this.sampleRate = sampleRate;
        sync();
    }

    /** Re-anchors: pairs the host time now with the engine's frame now. */
    public void sync() {
        anchor = new Anchor(engineFrame.getAsLong(), ntpNow());
    }

    /** @return the anchor's engine frame */
    public long anchorFrame() {
        return anchor.frame;
    }

    /** @return the anchor's host time as a raw 64-bit NTP time tag */
    public long anchorNtp() {
        return anchor.ntp;
    }

    /**
     * @param ntp a raw 64-bit NTP time tag (32 bits of seconds, 32 of fraction)
     * @return the engine frame it maps to
     */
    public long frameOf(long ntp) {
        Anchor a = anchor;
        double seconds = (double) (ntp - a.ntp) / 4294967296.0; // two's complement difference: wraps correctly
        return a.frame + Math.round(seconds * sampleRate);
    }

    /** @return the host time now as a raw NTP time tag */
    public static long ntpNow() {
        Instant now = Instant.now();
        long seconds = now.getEpochSecond() + NTP_TO_UNIX_SECONDS;
        long fraction = (now.getNano() * 4294967296L) / 1_000_000_000L;
        return (seconds << 32) | fraction;
    }
}
