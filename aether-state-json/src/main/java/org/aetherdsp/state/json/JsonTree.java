package org.aetherdsp.state.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aetherdsp.api.SnapshotFormatException;
import org.aetherdsp.core.graph.UserText;

/**
 * A JSON document read with Jackson's streaming parser into a small tree that remembers, for
 * every value, its line and column in the text and its JSON path. Jackson's own tree model
 * forgets locations, and every error in a patch file must say where it is.
 */
final class JsonTree {

    /** Deeper than any patch needs; keeps hostile input from recursing far. */
    static final int MAX_DEPTH = 32;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(64)
                    .build())
            .build();

    private JsonTree() {
    }

    /**
     * Where a value is: line and column (1-based) and JSON path, and for a value inside a
     * subpatch definition the instance it was expanded for ({@code "bus/ch1"}; empty elsewhere).
     */
    record Where(int line, int column, String path, String instance) {
        Where(int line, int column, String path) {
            this(line, column, path, "");
        }

        @Override
        public String toString() {
            String in = instance.isEmpty() ? "" : " (instance " + UserText.quote(instance) + ")";
            return (line > 0 ? "line " + line + ", column " + column + ", " + path : path) + in;
        }

        /** @return this place, as seen from the instance {@code chain} of a subpatch */
        Where in(String chain) {
            return new Where(line, column, path, chain);
        }

        Where key(String name, JsonLocation at) {
            return new Where(at.getLineNr(), at.getColumnNr(), path + pathKey(name), instance);
        }

        Where key(String name) {
            return new Where(line, column, path + pathKey(name), instance);
        }

        Where index(int i, JsonLocation at) {
            return new Where(at.getLineNr(), at.getColumnNr(), path + "[" + i + "]", instance);
        }

        SnapshotFormatException error(String what) {
            return new SnapshotFormatException(this + ": " + what);
        }
    }

    /** A JSON value with its location. */
    sealed interface Value permits Obj, Arr, Scalar {
        Where where();

        /** @return "an object", "a string", ... for messages */
        String kind();
    }

    /** An object; fields in document order, and where each key is. */
    record Obj(Where where, Map<String, Value> fields, Map<String, Where> keys) implements Value {
        @Override
        public String kind() {
            return "an object";
        }
    }

    /** An array. */
    record Arr(Where where, List<Value> items) implements Value {
        @Override
        public String kind() {
            return "an array";
        }
    }

    /** A string, number, boolean or null: the token and its text as written. */
    record Scalar(Where where, JsonToken token, String text) implements Value {
        @Override
        public String kind() {
            switch (token) {
                case VALUE_STRING:
                    return "a string";
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                    return "a number";
                case VALUE_TRUE:
                case VALUE_FALSE:
                    return "a boolean";
                default:
                    return "null";
            }
        }
    }

    /**
     * Reads one JSON document.
     *
     * @param data UTF-8 (or UTF-16/32, which Jackson detects) JSON text
     * @return the root value
     * @throws SnapshotFormatException on a syntax error, a duplicate key, trailing content or
     *                                 nesting too deep, with line and column
     */
    static Value parse(byte[] data) throws SnapshotFormatException {
        JsonParser p = null;
        try {
            p = FACTORY.createParser(data);
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new SnapshotFormatException("line 1, column 1: the file is empty; a patch is a JSON object");
            }
            Value root = read(p, new Where(0, 0, "$"), 0);
            if (p.nextToken() != null) {
                JsonLocation at = p.currentTokenLocation();
                throw new SnapshotFormatException("line " + at.getLineNr() + ", column " + at.getColumnNr()
                        + ": unexpected content after the end of the patch object");
            }
            return root;
        } catch (JsonProcessingException e) {
            // Limit violations (nesting depth, number length) carry no location: take the parser's.
            JsonLocation at = e.getLocation() != null ? e.getLocation() : p != null ? p.currentLocation() : null;
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new SnapshotFormatException(where + "invalid JSON: " + firstLine(e.getOriginalMessage()), e);
        } catch (SnapshotFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new SnapshotFormatException("cannot read the JSON: " + e.getMessage(), e);
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // reading from a byte array: nothing to release
                }
            }
        }
    }

    private static Value read(JsonParser p, Where parentPath, int depth) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        Where where = new Where(at.getLineNr(), at.getColumnNr(), parentPath.path());
        JsonToken t = p.currentToken();
        if (depth > MAX_DEPTH) {
            throw where.error("nested too deeply (more than " + MAX_DEPTH + " levels)");
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, Value> fields = new LinkedHashMap<>();
                Map<String, Where> keys = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    Where keyAt = where.key(name, p.currentTokenLocation());
                    if (keys.containsKey(name)) {
                        Where first = keys.get(name);
                        throw keyAt.error("duplicate key " + UserText.quote(name) + " (first at line " + first.line()
                                + ", column " + first.column() + ")");
                    }
                    keys.put(name, keyAt);
                    p.nextToken();
                    fields.put(name, read(p, keyAt, depth + 1));
                }
                return new Obj(where, fields, keys);
            }
            case START_ARRAY: {
                List<Value> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p, where.index(items.size(), p.currentTokenLocation()), depth + 1));
                }
                return new Arr(where, items);
            }
            case VALUE_STRING:
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
            case VALUE_TRUE:
            case VALUE_FALSE:
            case VALUE_NULL:
                return new Scalar(where, t, p.getText());
            default:
                throw where.error("unexpected JSON token " + t);
        }
    }

    /**
     * @return {@code .name} for identifiers, {@code ['name']} for anything else; a name longer than
     *         {@value UserText#MAX_QUOTED} characters is cut there, with an ellipsis
     */
    static String pathKey(String name) {
        int end = Math.min(name.length(), UserText.MAX_QUOTED);
        String cut = name.length() > end ? "\u2026" : "";
        boolean plain = !name.isEmpty() && Character.isJavaIdentifierStart(name.charAt(0)) && name.charAt(0) < 128;
        for (int i = 1; plain && i < end; i++) {
            plain = Character.isJavaIdentifierPart(name.charAt(i)) && name.charAt(i) < 128;
        }
        if (plain) {
            return "." + name.substring(0, end) + cut;
        }
        StringBuilder b = new StringBuilder("['");
        for (int i = 0; i < end; i++) {
            char c = name.charAt(i);
            if (c == '\'' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(cut).append("']").toString();
    }

    /** Jackson's message, first line only and bounded: it may quote a token of the input. */
    private static String firstLine(String s) {
        if (s == null) {
            return "malformed";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "\u2026";
    }

    /** Characters of Jackson's own message kept at most. */
    private static final int MAX_MESSAGE = 240;

    // ------------------------------------------------------------------ checked reads
    // What every section reader (PatchReader, Subpatches, VoicesSection) needs of a value, each
    // failure located at the value it names.

    /** Refuses a key of {@code o} that is not in {@code allowed}, listing them in its order. */
    static void checkKeys(Obj o, java.util.Set<String> allowed) throws SnapshotFormatException {
        for (String k : o.fields().keySet()) {
            if (!allowed.contains(k)) {
                throw o.keys().get(k).error("unknown key " + UserText.quote(k) + "; expected one of: " + String.join(", ", allowed));
            }
        }
    }

    static Value required(Obj o, String key) throws SnapshotFormatException {
        Value v = o.fields().get(key);
        if (v == null) {
            throw o.where().error("missing \"" + key + "\"");
        }
        return v;
    }

    static Obj object(Value v, String what) throws SnapshotFormatException {
        if (v instanceof Obj o) {
            return o;
        }
        throw v.where().error("expected " + what + ", found " + v.kind());
    }

    static Arr array(Value v, String what) throws SnapshotFormatException {
        if (v instanceof Arr a) {
            return a;
        }
        throw v.where().error("expected " + what + ", found " + v.kind());
    }

    static String string(Value v) throws SnapshotFormatException {
        if (v instanceof Scalar s && s.token() == JsonToken.VALUE_STRING) {
            return s.text();
        }
        throw v.where().error("expected a string, found " + v.kind());
    }
}
