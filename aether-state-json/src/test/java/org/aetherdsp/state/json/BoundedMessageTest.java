package org.aetherdsp.state.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.aetherdsp.api.SnapshotFormatException;
import org.aetherdsp.core.engine.NodeRegistry;
import org.junit.jupiter.api.Test;

/**
 * Whatever a patch holds, an error message about it stays short and on one line: user strings
 * are quoted to at most 80 characters with control characters escaped, and lists of
 * candidates show a few and say how many more.
 */
class BoundedMessageTest {

    private static final NodeRegistry REGISTRY = NodeRegistry.load();
    private static final int TEN_MB = 10 << 20;
    /** Longer than any honest message; a 10 MB input echoed once is a million times that. */
    private static final int BOUND = 1_000;

    private static String error(String json) {
        return assertThrows(SnapshotFormatException.class,
                () -> new JsonPatchCodec(REGISTRY).decode(json.getBytes(StandardCharsets.UTF_8))).getMessage();
    }

    private static void assertBounded(String message) {
        assertTrue(message.length() < BOUND, message.length() + " characters: "
                + message.substring(0, Math.min(300, message.length())));
        assertEquals(-1, message.indexOf('\n'), "a line break in: " + message);
        assertEquals(-1, message.indexOf('\r'), "a carriage return in: " + message);
    }

    private static String big(char c) {
        return String.valueOf(c).repeat(TEN_MB);
    }

    @Test
    void aTenMegabyteNodeReferenceIsQuotedShort() {
        String m = error("{ \"nodes\": [ { \"id\": \"a\", \"type\": \"std.gain\" } ],"
                + " \"connections\": [ { \"from\": \"" + big('x') + "\", \"to\": \"a\" } ] }");
        assertBounded(m);
        assertTrue(m.contains("unknown node 'xxxx") && m.contains("(10,485,760 characters)"), m);
    }

    @Test
    void aTenMegabyteKeyIdTypeOrParamIsQuotedShort() {
        String key = big('k');
        assertBounded(error("{ \"" + key + "\": 1, \"nodes\": [] }"));
        assertBounded(error("{ \"nodes\": [], \"nodes\": [], \"" + key + "\": 1 }"));
        assertBounded(error("{ \"nodes\": [ { \"id\": \"a\", \"type\": \"" + big('t') + "\" } ] }"));
        assertBounded(error("{ \"nodes\": [ { \"id\": \"a\", \"type\": \"std.gain\", \"params\": { \"" + key + "\": 1 } } ] }"));
        assertBounded(error("{ \"nodes\": [ { \"id\": \"a\", \"type\": \"std.gain\", \"params\": { \"gain\": \"" + key + "\" } } ] }"));
        assertBounded(error("{ \"nodes\": [ { \"id\": \"a\", \"type\": \"std.filter.biquad\", \"params\": { \"mode\": \"" + key + "\" } } ] }"));
        String id = big('i');
        assertBounded(error("{ \"nodes\": [ { \"id\": \"" + id + "\", \"type\": \"std.gain\" }, { \"id\": \"" + id
                + "\", \"type\": \"std.gain\" } ] }"));
        assertBounded(error("{ \"nodes\": [ { \"id\": \"a\", \"type\": \"std.pan\" } ],"
                + " \"outputs\": [ { \"from\": \"a." + big('p') + "\", \"channel\": 0 } ] }"));
        assertBounded(error("{ \"nodes\": [ { \"id\": \"a\", \"type\": \"std.gain\" } ],"
                + " \"midi\": { \"cc\": [ { \"cc\": 1, \"param\": \"" + id + ".gain\" } ] } }"));
    }

    @Test
    void aKeyPathOfHugeNamesStaysShort() {
        // Every level's key lands in the JSON path of the next one's message.
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            json.append("{ \"").append(String.valueOf((char) ('a' + i)).repeat(100_000)).append("\": ");
        }
        json.append("[ 1, ");
        String m = error(json.toString());
        assertTrue(m.length() < 20 * 100 + BOUND, m.length() + " characters");
        m = error("{ \"nodes\": [], \"" + big('n') + "\": { \"x\": 1 } }");
        assertBounded(m);
    }

    @Test
    void controlCharactersInAnIdAreEscaped() {
        String m = error("{ \"nodes\": [ { \"id\": \"two\\nlines\\u0007\", \"type\": \"std.gain\" },"
                + " { \"id\": \"two\\nlines\\u0007\", \"type\": \"std.gain\" } ] }");
        assertBounded(m);
        assertTrue(m.contains("'two\\nlines\\u0007'"), m);
        m = error("{ \"nodes\": [], \"bad\\tkey\\r\": 1 }");
        assertBounded(m);
        assertTrue(m.contains("'bad\\tkey\\r'"), m);
    }

    @Test
    void tenThousandNodesAreListedAsAFewAndACount() {
        StringBuilder json = new StringBuilder("{ \"nodes\": [");
        for (int i = 0; i < 10_000; i++) {
            json.append(i == 0 ? "" : ",").append("{ \"id\": \"n").append(i).append("\", \"type\": \"std.gain\" }");
        }
        json.append("], \"outputs\": [ { \"from\": \"ghost\", \"channel\": 0 } ] }");
        String m = error(json.toString());
        assertBounded(m);
        assertTrue(m.contains("[n0, n1, n2, n3, n4, n5, n6, n7, ... and 9,992 more]"), m);
    }

    @Test
    void seededRandomStringsAnywhereGiveBoundedOneLineMessages() {
        Random random = new Random(17);
        String[] templates = {
            "{ \"nodes\": [ { \"id\": \"%s\", \"type\": \"std.nope\" } ] }",
            "{ \"nodes\": [ { \"id\": \"a\", \"type\": \"std.gain\" } ], \"connections\": [ { \"from\": \"%s\", \"to\": \"a\" } ] }",
            "{ \"nodes\": [ { \"id\": \"a\", \"type\": \"std.gain\", \"params\": { \"%s\": 1 } } ] }",
            "{ \"nodes\": [ { \"id\": \"a\", \"type\": \"%s\" } ] }",
            "{ \"nodes\": [], \"%s\": 0 }",
        };
        for (int round = 0; round < 200; round++) {
            StringBuilder s = new StringBuilder();
            int length = 1 + random.nextInt(random.nextBoolean() ? 50 : 5_000);
            for (int i = 0; i < length; i++) {
                int c = random.nextInt(10) == 0 ? random.nextInt(0x20) : 0x20 + random.nextInt(0x2f00);
                if (c == '"' || c == '\\' || (c >= 0xd800 && c < 0xe000)) {
                    c = 'q';
                }
                s.append(c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c));
            }
            String json = String.format(templates[round % templates.length], s);
            assertBounded(error(json));
        }
    }
}
