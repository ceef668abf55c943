package org.aetherdsp.core.poly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VoiceAllocatorTest {

    private static int on(int ch, int key, int vel) {
        return 0x90 | ch | key << 8 | vel << 16;
    }

    private static int off(int ch, int key) {
        return 0x80 | ch | key << 8 | 64 << 16;
    }

    private static int cc(int ch, int controller, int value) {
        return 0xB0 | ch | controller << 8 | value << 16;
    }

    private static int bend(int ch, int value) {
        return 0xE0 | ch | (value & 0x7F) << 8 | (value >> 7) << 16;
    }

    /** Plays one block holding {@code messages} at increasing offsets, all voices loud. */
    private static void block(VoiceAllocator a, float level, int... messages) {
        a.beginBlock();
        for (int i = 0; i < messages.length; i++) {
            a.message(i, messages[i]);
        }
        a.endBlock();
        for (int v = 0; v < a.voices(); v++) {
            a.reportLevel(v, 0, level);
        }
    }

    @Test
    void freeVoicesAreTakenInIndexOrderAndTheOldestIsStolen() {
        VoiceAllocator a = new VoiceAllocator(4, 1, StealPolicy.OLDEST);
        block(a, 0.5f, on(0, 60, 100), on(0, 62, 100), on(0, 64, 100), on(0, 65, 100));
        for (int v = 0; v < 4; v++) {
            assertTrue(a.gate(v));
        }
        assertEquals(62, a.key(1));
        block(a, 0.5f, on(0, 67, 100)); // all busy: voice 0 (key 60, first) is stolen
        assertEquals(67, a.key(0));
        assertEquals(1, a.events().eventCount(0));
        assertTrue(a.events().eventRetrigger(0, 0), "a stolen gated voice gets a new edge");
        block(a, 0.5f, on(0, 69, 100)); // next oldest: voice 1
        assertEquals(69, a.key(1));
        // a released voice goes before a gated one, even if newer
        block(a, 0.5f, off(0, 65), on(0, 71, 100));
        assertEquals(71, a.key(3));
        assertFalse(a.events().eventRetrigger(3, 1), "a released voice's gate rises without a drop");
        assertEquals(4, a.gatedCount());
    }

    @Test
    void quietestStealsTheVoiceWithTheLowestPeak() {
        VoiceAllocator a = new VoiceAllocator(3, 2, StealPolicy.QUIETEST);
        block(a, 0.5f, on(0, 60, 100), on(0, 62, 100), on(0, 64, 100));
        a.reportLevel(0, 0, 0.9f);
        a.reportLevel(1, 1, 0.2f); // voice 1 peaks at 0.5 on output 0, 0.2 on 1: 0.5
        a.reportLevel(1, 0, 0.3f);
        a.reportLevel(2, 0, 0.4f);
        a.reportLevel(2, 1, 0.1f);
        a.reportLevel(0, 1, 0.1f);
        a.reportLevel(1, 0, 0.45f);
        block(a, Float.NaN, on(0, 67, 100)); // peaks 0.9, 0.45, 0.4: voice 2
        assertEquals(67, a.key(2));
        // levels are now NaN (loud) for all: ties go to the oldest note, voice 0
        block(a, 0.5f, on(0, 69, 100));
        assertEquals(69, a.key(0));
    }

    @Test
    void retriggerReusesTheVoiceOfTheSameNote() {
        VoiceAllocator a = new VoiceAllocator(4, 1, StealPolicy.RETRIGGER);
        block(a, 0.5f, on(0, 60, 100), on(0, 62, 100), off(0, 60));
        block(a, 0.5f, on(0, 60, 90), on(1, 62, 100));
        assertEquals(60, a.key(0), "same channel and key: voice 0 again");
        assertFalse(a.events().eventRetrigger(0, 0), "it was released: no gate drop");
        assertEquals(62, a.key(2), "another channel is another note");
        block(a, 0.5f, on(1, 62, 20));
        assertTrue(a.events().eventRetrigger(2, 0));
        assertEquals(20 / 127f, a.events().eventVelocity(2, 0));
        assertFalse(a.sounding(3));
    }

    @Test
    void theSustainPedalHoldsReleasedNotesOfItsChannelOnly() {
        VoiceAllocator a = new VoiceAllocator(4, 1, StealPolicy.OLDEST);
        block(a, 0.5f, cc(2, 64, 127), on(2, 60, 100), on(3, 61, 100), off(2, 60), off(3, 61));
        assertTrue(a.gate(0), "sustained");
        assertFalse(a.gate(1), "channel 4 has no pedal down");
        block(a, 0.5f, cc(2, 64, 0));
        assertFalse(a.gate(0));
        assertEquals(1, a.events().eventCount(0));
        assertEquals(0f, a.events().eventGate(0, 0));
    }

    @Test
    void pitchBendMovesEveryVoiceOfItsChannelAtItsFrame() {
        VoiceAllocator a = new VoiceAllocator(4, 1, StealPolicy.OLDEST);
        block(a, 0.5f, on(5, 69, 100), on(5, 57, 100), on(6, 69, 100));
        a.beginBlock();
        a.message(17, bend(5, 16383));
        a.endBlock();
        float up = (float) Math.pow(2, (16383 - 8192) / 8192.0 * 2 / 12);
        assertEquals(440f * up, a.events().eventPitch(0, 0), 1e-3f);
        assertEquals(220f * up, a.events().eventPitch(1, 0), 1e-3f);
        assertEquals(17, a.events().eventOffset(1, 0));
        assertEquals(0, a.events().eventCount(2), "another channel does not bend");
        assertEquals(440f, a.events().startPitch(2), 1e-3f);
        block(a, 0.5f, on(5, 81, 100)); // a later note on the channel starts bent
        assertEquals(880f * up, a.events().eventPitch(3, 0), 1e-2f);
    }

    @Test
    void aReleasedVoiceBecomesIdleAfterAQuietBlockAndIsTakenBeforeStealing() {
        VoiceAllocator a = new VoiceAllocator(2, 1, StealPolicy.OLDEST);
        block(a, 0.5f, on(0, 60, 100));
        assertFalse(a.idle(0));
        assertTrue(a.idle(1));
        block(a, 0.5f, off(0, 60));   // released in this block: it still rings
        block(a, 0.00001f);           // a whole block released, quiet (reported below)
        assertFalse(a.idle(0), "it ran this block: its peak decides for the next");
        block(a, 0f);
        assertTrue(a.idle(0), "freed after a quiet released block");
        assertFalse(a.sounding(0));
    }

    @Test
    void noAllocationShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new VoiceAllocator(0, 1, StealPolicy.OLDEST));
        assertThrows(IllegalArgumentException.class, () -> new VoiceAllocator(65, 1, StealPolicy.OLDEST));
        assertThrows(IllegalArgumentException.class, () -> new VoiceAllocator(8, 0, StealPolicy.OLDEST));
        assertThrows(IllegalArgumentException.class, () -> new VoiceAllocator(8, 1, null));
    }

    @Test
    void stealingIsDeterministic() {
        for (StealPolicy policy : StealPolicy.values()) {
            long[] first = null;
            for (int run = 0; run < 2; run++) {
                VoiceAllocator a = new VoiceAllocator(5, 1, policy);
                Random r = new Random(7);
                long[] trace = new long[400];
                for (int i = 0; i < trace.length; i++) {
                    a.beginBlock();
                    a.message(0, r.nextBoolean() ? on(r.nextInt(2), 60 + r.nextInt(12), 1 + r.nextInt(127))
                            : off(r.nextInt(2), 60 + r.nextInt(12)));
                    a.endBlock();
                    for (int v = 0; v < 5; v++) {
                        a.reportLevel(v, 0, (i * 31 + v * 7) % 11 / 10f);
                        trace[i] = trace[i] * 131 + a.key(v) * 4 + a.state(v);
                    }
                }
                if (first == null) {
                    first = trace;
                } else {
                    assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(trace));
                }
            }
        }
    }

    // ------------------------------------------------------------------ reference model

    /** The allocator's rules written plainly, with lists and sorting: what the RT class must match. */
    static final class Model {
        final class Voice {
            final int index;
            String state = "free";
            int ch;
            int key;
            long order;
            float level;
            boolean releasedWholeBlock;
            int events;

            Voice(int index) {
                this.index = index;
            }

            boolean gated() {
                return state.equals("held") || state.equals("sustained");
            }
        }

        final List<Voice> voices = new ArrayList<>();
        final StealPolicy policy;
        final boolean[] pedal = new boolean[16];
        long clock;
        /** Per voice, the events of this block as "offset:gate:retrigger". */
        final List<List<String>> events = new ArrayList<>();

        Model(int n, StealPolicy policy) {
            this.policy = policy;
            for (int i = 0; i < n; i++) {
                voices.add(new Voice(i));
                events.add(new ArrayList<>());
            }
        }

        void begin() {
            for (Voice v : voices) {
                if (v.state.equals("released") && v.releasedWholeBlock && v.events == 0 && v.level < 1e-4f) {
                    v.state = "free";
                }
                v.releasedWholeBlock = v.state.equals("released");
                v.events = 0;
                events.get(v.index).clear();
            }
        }

        void event(Voice v, int offset, boolean retrigger) {
            v.events++;
            events.get(v.index).add(offset + ":" + (v.gated() ? 1 : 0) + ":" + retrigger);
        }

        Comparator<Voice> byPolicy() {
            Comparator<Voice> oldest = Comparator.comparingLong(v -> v.order);
            return policy == StealPolicy.QUIETEST ? Comparator.<Voice>comparingDouble(v -> v.level).thenComparing(oldest) : oldest;
        }

        void on(int offset, int ch, int key) {
            Voice chosen = null;
            if (policy == StealPolicy.RETRIGGER) {
                chosen = voices.stream().filter(v -> !v.state.equals("free") && v.ch == ch && v.key == key).findFirst().orElse(null);
            }
            if (chosen == null) {
                chosen = voices.stream().filter(v -> v.state.equals("free")).findFirst().orElse(null);
            }
            if (chosen == null) {
                chosen = voices.stream().filter(v -> v.state.equals("released")).min(byPolicy()).orElse(null);
            }
            if (chosen == null) {
                chosen = voices.stream().min(byPolicy()).orElseThrow();
            }
            boolean retrigger = chosen.gated();
            chosen.state = "held";
            chosen.ch = ch;
            chosen.key = key;
            chosen.order = ++clock;
            chosen.releasedWholeBlock = false;
            event(chosen, offset, retrigger);
        }

        void off(int offset, int ch, int key) {
            for (Voice v : voices) {
                if (v.state.equals("held") && v.ch == ch && v.key == key) {
                    v.state = pedal[ch] ? "sustained" : "released";
                    if (!pedal[ch]) {
                        event(v, offset, false);
                    }
                }
            }
        }

        void pedal(int offset, int ch, boolean down) {
            if (pedal[ch] && !down) {
                for (Voice v : voices) {
                    if (v.state.equals("sustained") && v.ch == ch) {
                        v.state = "released";
                        event(v, offset, false);
                    }
                }
            }
            pedal[ch] = down;
        }

        void bend(int offset, int ch) {
            for (Voice v : voices) {
                if (!v.state.equals("free") && v.ch == ch) {
                    event(v, offset, false);
                }
            }
        }
    }

    private static int stateCode(String s) {
        switch (s) {
            case "free": return VoiceAllocator.FREE;
            case "released": return VoiceAllocator.RELEASED;
            case "held": return VoiceAllocator.HELD;
            default: return VoiceAllocator.SUSTAINED;
        }
    }

    @Test
    void twoHundredRandomSequencesMatchTheReferenceModel() {
        int checkedSteals = 0;
        for (int seed = 0; seed < 200; seed++) {
            Random r = new Random(1000 + seed);
            StealPolicy policy = StealPolicy.values()[seed % 3];
            int n = 1 + r.nextInt(8);
            VoiceAllocator a = new VoiceAllocator(n, 1, policy);
            Model m = new Model(n, policy);
            int channels = 1 + r.nextInt(3);
            int keys = 2 + r.nextInt(10);
            for (int b = 0; b < 120; b++) {
                a.beginBlock();
                m.begin();
                int count = r.nextInt(5);
                for (int i = 0, offset = 0; i < count; i++, offset += r.nextInt(8)) {
                    int ch = r.nextInt(channels);
                    int key = 60 + r.nextInt(keys);
                    int kind = r.nextInt(10);
                    if (kind < 4) {
                        boolean allBusy = m.voices.stream().noneMatch(v -> v.state.equals("free"));
                        checkedSteals += allBusy ? 1 : 0;
                        a.message(offset, on(ch, key, 1 + r.nextInt(127)));
                        m.on(offset, ch, key);
                    } else if (kind < 8) {
                        if (r.nextInt(4) == 0) {
                            a.message(offset, on(ch, key, 0)); // velocity 0 is a note-off
                        } else {
                            a.message(offset, off(ch, key));
                        }
                        m.off(offset, ch, key);
                    } else if (kind == 8) {
                        boolean down = r.nextBoolean();
                        a.message(offset, cc(ch, 64, down ? 64 + r.nextInt(64) : r.nextInt(64)));
                        m.pedal(offset, ch, down);
                    } else {
                        a.message(offset, bend(ch, r.nextInt(16384)));
                        m.bend(offset, ch);
                    }
                }
                a.endBlock();
                for (Model.Voice v : m.voices) {
                    String where = "seed " + seed + " block " + b + " voice " + v.index;
                    assertEquals(stateCode(v.state), a.state(v.index), where + " state");
                    if (!v.state.equals("free")) {
                        assertEquals(v.key, a.key(v.index), where + " key");
                        assertEquals(v.ch, a.channel(v.index), where + " channel");
                    }
                    List<String> expected = m.events.get(v.index);
                    List<String> actual = new ArrayList<>();
                    for (int e = 0; e < a.events().eventCount(v.index); e++) {
                        actual.add(a.events().eventOffset(v.index, e) + ":" + (int) a.events().eventGate(v.index, e) + ":"
                                + a.events().eventRetrigger(v.index, e));
                    }
                    if (expected.size() <= VoiceAllocator.EVENTS_PER_VOICE) {
                        assertEquals(expected, actual, where + " events");
                    }
                    assertEquals(v.state.equals("free") && v.events == 0 && expected.isEmpty()
                            && a.idle(v.index), a.idle(v.index), where + " idle");
                    // levels: quiet now and then, so voices free up and QUIETEST has choices
                    float level = r.nextInt(3) == 0 ? 0f : r.nextInt(100) / 100f;
                    a.reportLevel(v.index, 0, level);
                    v.level = level;
                }
            }
        }
        assertTrue(checkedSteals > 1000, "the sequences steal voices: " + checkedSteals);
    }
}
