package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.aetherdsp.core.graph.UserText;
import org.junit.jupiter.api.Test;

class UserTextTest {

    @Test
    void aShortStringIsQuotedAsItIs() {
        assertEquals("'osc 1'", UserText.quote("osc 1"));
    }

    @Test
    void aLongStringIsCutAndItsLengthSaid() {
        String huge = "x".repeat(10_000_000);
        String q = UserText.quote(huge);
        assertTrue(q.length() < 120, q.length() + " characters");
        assertTrue(q.endsWith("\u2026' (10,000,000 characters)"), q);
    }

    @Test
    void controlCharactersAreEscapedSoAMessageStaysOnOneLine() {
        String q = UserText.quote("a\nb\tc\u0007d\u2028e");
        assertEquals("'a\\nb\\tc\\u0007d\\u2028e'", q);
        assertFalse(q.contains("\n"));
    }

    @Test
    void aLongListShowsAFewAndCountsTheRest() {
        List<String> ports = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ports.add("in" + i);
        }
        assertEquals("[in0, in1, in2, in3, in4, in5, in6, in7, ... and 9,992 more]", UserText.list(ports));
        assertEquals("[a, b]", UserText.list(List.of("a", "b")));
        assertEquals("[]", UserText.list(List.of()));
    }
}
