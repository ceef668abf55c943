package org.aetherdsp.core.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How an error message shows what a user wrote: short and on one line, whatever came in. A
 * patch can hold a node id of ten megabytes or with a newline inside, and a node can have ten
 * thousand ports; a message quotes at most {@value #MAX_QUOTED} characters of any such string,
 * escapes control characters, and lists at most {@value #MAX_LISTED} candidates.
 */
public final class UserText {

    /** Characters of a user string a message quotes at most. */
    public static final int MAX_QUOTED = 80;
    /** Items of a list a message shows at most. */
    public static final int MAX_LISTED = 8;

    private UserText() {
    }

    /**
     * @param text a string from a user, a patch or a plugin (null allowed)
     * @return it in single quotes, control characters escaped ({@code \n}, {@code \t},
     *         {@code \u0007}), cut after {@value #MAX_QUOTED} characters with how many more
     *         there were: {@code 'abc…' (1,234,567 characters)}
     */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        return "'" + escaped(text) + "'" + (text.length() > MAX_QUOTED ? " (" + count(text.length()) + " characters)" : "");
    }

    /**
     * @param text a string from a user (null allowed)
     * @return it without quotes, control characters escaped, cut after {@value #MAX_QUOTED}
     *         characters with an ellipsis: for names inside a longer phrase
     */
    public static String escaped(String text) {
        if (text == null) {
            return "null";
        }
        int end = Math.min(text.length(), MAX_QUOTED);
        StringBuilder b = new StringBuilder(end + 8);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (text.length() > end) {
            b.append('\u2026');
        }
        return b.toString();
    }

    /**
     * @param items candidates (names, ids, ports), shown with {@link #escaped}
     * @return {@code [a, b, c]}, or with more than {@value #MAX_LISTED}:
     *         {@code [a, b, ... and 9,990 more]}
     */
    public static String list(Collection<?> items) {
        StringBuilder b = new StringBuilder("[");
        Iterator<?> it = items.iterator();
        for (int shown = 0; it.hasNext() && shown < MAX_LISTED; shown++) {
            if (shown > 0) {
                b.append(", ");
            }
            b.append(escaped(String.valueOf(it.next())));
        }
        int rest = items.size() - Math.min(items.size(), MAX_LISTED);
        if (rest > 0) {
            b.append(", ... and ").append(count(rest)).append(" more");
        }
        return b.append(']').toString();
    }

    /**
     * The edit (Levenshtein) distance between two strings, for "did you mean" suggestions; a
     * string from a user is compared by its first {@value #MAX_QUOTED} characters only, so that a
     * huge one costs no more than a short one.
     *
     * @param a a string (null counts as empty)
     * @param b another
     * @return the fewest single-character insertions, deletions and substitutions from one to the other
     */
    public static int distance(String a, String b) {
        String x = cut(a);
        String y = cut(b);
        int[] previous = new int[y.length() + 1];
        int[] current = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length()];
    }

    /**
     * @param probe      what a user wrote
     * @param candidates the names it may have meant
     * @return the candidates, nearest to the probe first ({@link #distance}), ties by name
     */
    public static List<String> nearest(String probe, Collection<String> candidates) {
        List<String> sorted = new ArrayList<>(candidates);
        Map<String, Integer> d = new HashMap<>();
        for (String c : sorted) {
            d.put(c, distance(probe, c));
        }
        sorted.sort(Comparator.comparing((String c) -> d.get(c)).thenComparing(Comparator.naturalOrder()));
        return sorted;
    }

    private static String cut(String s) {
        return s == null ? "" : s.length() <= MAX_QUOTED ? s : s.substring(0, MAX_QUOTED);
    }

    /** @return {@code 9,990}: a count with thousands separators */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
