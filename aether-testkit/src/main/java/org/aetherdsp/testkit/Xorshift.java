package org.aetherdsp.testkit;

/** A tiny seeded generator (xorshift64*): reproducible, allocation-free, no shared state. */
final class Xorshift {
    private long state;

    Xorshift(long seed) {
        state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    long nextLong() {
        long x = state;
        x ^= x >>> 12;
        x ^= x << 25;
        x ^= x >>> 27;
        state = x;
        return x * 0x2545F4914F6CDD1DL;
    }

    /** @return a float in [0, 1) */
    float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** @return an int in [0, bound) */
    int nextInt(int bound) {
        return bound <= 0 ? 0 : (int) ((nextLong() >>> 33) % bound);
    }
}
