package org.aetherdsp.state.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.aetherdsp.api.GraphSnapshot;
import org.junit.jupiter.api.Test;

/**
 * Seeded random nestings of subpatches (chains and splits of gains, filters and instances of
 * earlier definitions, an exposed gain passed down or defaulted), each written twice: with
 * {@code "subpatches"}, and expanded by hand here into a flat patch. Both must decode to the same
 * snapshot and render the same samples, bit for bit.
 */
class SubpatchPropertyTest {

    private static final int SEEDS = 40;
    private final JsonPatchCodec codec = new JsonPatchCodec(SubpatchTest.REGISTRY);

    /** A node of a definition: a plain node ({@code type} set) or an instance of definition {@code def}. */
    private record Elem(String id, String type, int def, Map<String, Float> params, String outPort) {
    }

    /** A chain {@code a} (and, for a split, a second chain {@code b} summed with it in a mixer {@code m}). */
    private record Def(String name, List<Elem> a, List<Elem> b, String gTarget, Float gDefault) {
    }

    @Test
    void randomNestedSubpatchesRenderBitForBitAsTheirHandExpansion() throws Exception {
        int deep = 0;
        int splits = 0;
        int passedDown = 0;
        int defaults = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            Random r = new Random(0x5B0L + seed);
            List<Def> defs = new ArrayList<>();
            int count = 2 + r.nextInt(4);
            for (int k = 0; k < count; k++) {
                defs.add(definition(r, k, defs));
            }
            int top = 1 + r.nextInt(4);
            List<Elem> instances = new ArrayList<>();
            for (int i = 0; i < top; i++) {
                Map<String, Float> given = new LinkedHashMap<>();
                int def = r.nextInt(count);
                if (defs.get(def).gTarget() != null && r.nextBoolean()) {
                    given.put("g", gain(r));
                }
                instances.add(new Elem("t" + i, null, def, given, null));
            }
            float freq = 60 + r.nextInt(400);
            String nested = nestedJson(defs, instances, freq);
            String flat = flatJson(defs, instances, freq);
            GraphSnapshot a = codec.decode(nested.getBytes(StandardCharsets.UTF_8));
            GraphSnapshot b = codec.decode(flat.getBytes(StandardCharsets.UTF_8));
            assertEquals(b, a, "seed " + seed + "\n" + nested + "\n" + flat);
            SubpatchTest.assertBitsEqual(SubpatchTest.render(b, 2_048), SubpatchTest.render(a, 2_048));
            boolean deepHere = false;
            for (GraphSnapshot.NodeSnapshot n : a.nodes()) {
                deepHere |= n.id().chars().filter(c -> c == '/').count() >= 3;
            }
            deep += deepHere ? 1 : 0;
            for (Def d : defs) {
                splits += d.b() != null ? 1 : 0;
                passedDown += d.gTarget() != null && find(d, d.gTarget()).type() == null ? 1 : 0;
                defaults += d.gDefault() != null ? 1 : 0;
            }
        }
        // The generator reaches what it is meant to test.
        assertTrue(deep >= 5 && splits >= 5 && passedDown >= 5 && defaults >= 5,
                "ids 3 deep in " + deep + " patches, " + splits + " splits, " + passedDown + " params passed down, "
                        + defaults + " defaults");
    }

    private static Def definition(Random r, int k, List<Def> earlier) {
        int[] next = {0};
        List<Elem> a = chain(r, earlier, next);
        List<Elem> b = r.nextInt(3) == 0 ? chain(r, earlier, next) : null;
        List<Elem> all = new ArrayList<>(a);
        if (b != null) {
            all.addAll(b);
        }
        // The exposed "g": a plain gain's gain, or an instance's own "g" (passed down), or none.
        String target = null;
        for (Elem e : all) {
            if ("std.gain".equals(e.type()) || e.type() == null && earlier.get(e.def()).gTarget() != null) {
                target = r.nextInt(3) == 0 ? null : e.id();
                break;
            }
        }
        return new Def("d" + k, a, b, target, target != null && r.nextBoolean() ? gain(r) : null);
    }

    private static List<Elem> chain(Random r, List<Def> earlier, int[] next) {
        List<Elem> chain = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            String id = "e" + next[0]++;
            int kind = earlier.isEmpty() || r.nextBoolean() ? r.nextInt(2) : 2;
            Map<String, Float> params = new LinkedHashMap<>();
            if (kind == 0) {
                if (r.nextBoolean()) {
                    params.put("gain", gain(r));
                }
                chain.add(new Elem(id, "std.gain", -1, params, "out"));
            } else if (kind == 1) {
                params.put("cutoff", 200f + r.nextInt(4_800));
                chain.add(new Elem(id, "std.filter.svf", -1, params, r.nextBoolean() ? "lp" : "bp"));
            } else {
                int def = r.nextInt(earlier.size());
                if (earlier.get(def).gTarget() != null && r.nextBoolean()) {
                    params.put("g", gain(r));
                }
                chain.add(new Elem(id, null, def, params, null));
            }
        }
        return chain;
    }

    private static float gain(Random r) {
        return 0.3f + r.nextInt(90) / 100f;
    }

    // ---------------------------------------------------------------- the file with "subpatches"

    private static String nestedJson(List<Def> defs, List<Elem> instances, float freq) {
        StringBuilder s = new StringBuilder("{ \"subpatches\": {");
        for (int k = 0; k < defs.size(); k++) {
            Def d = defs.get(k);
            s.append(k == 0 ? "\n" : ",\n").append("  \"").append(d.name()).append("\": {\n");
            List<String> ins = new ArrayList<>(List.of(localIn(d.a().get(0))));
            if (d.b() != null) {
                ins.add(localIn(d.b().get(0)));
            }
            s.append("    \"inputs\": { \"in\": ").append(strings(ins)).append(" },\n");
            s.append("    \"outputs\": { \"out\": \"").append(d.b() != null ? "m.out" : localOut(last(d.a()))).append("\" },\n");
            if (d.gTarget() != null) {
                Elem t = find(d, d.gTarget());
                String param = d.gTarget() + (t.type() == null ? ".g" : ".gain");
                s.append("    \"params\": { \"g\": ").append(d.gDefault() == null ? "\"" + param + "\""
                        : "{ \"param\": \"" + param + "\", \"default\": " + JsonPatchCodec.number(d.gDefault()) + " }").append(" },\n");
            }
            List<String> nodes = new ArrayList<>();
            for (Elem e : all(d)) {
                nodes.add(e.type() == null
                        ? "{ \"id\": \"" + e.id() + "\", \"subpatch\": \"" + defs.get(e.def()).name() + "\"" + params(e.params()) + " }"
                        : "{ \"id\": \"" + e.id() + "\", \"type\": \"" + e.type() + "\"" + params(e.params()) + " }");
            }
            if (d.b() != null) {
                nodes.add("{ \"id\": \"m\", \"type\": \"std.mix\" }");
            }
            s.append("    \"nodes\": [ ").append(String.join(", ", nodes)).append(" ],\n");
            List<String> cs = new ArrayList<>();
            localChain(d.a(), cs);
            if (d.b() != null) {
                localChain(d.b(), cs);
                cs.add(connection(localOut(last(d.a())), "m.in1"));
                cs.add(connection(localOut(last(d.b())), "m.in2"));
            }
            s.append("    \"connections\": [ ").append(String.join(", ", cs)).append(" ]\n  }");
        }
        s.append("\n},\n\"nodes\": [ { \"id\": \"src\", \"type\": \"std.osc.saw\", \"params\": { \"freq\": ")
                .append(JsonPatchCodec.number(freq)).append(", \"amp\": 0.2 } }");
        for (Elem t : instances) {
            s.append(", { \"id\": \"").append(t.id()).append("\", \"subpatch\": \"").append(defs.get(t.def()).name())
                    .append("\"").append(params(t.params())).append(" }");
        }
        s.append(", { \"id\": \"mix\", \"type\": \"std.mix\" } ],\n\"connections\": [ ");
        List<String> cs = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            cs.add(connection("src", instances.get(i).id() + ".in"));
            cs.add(connection(instances.get(i).id() + ".out", "mix.in" + (i + 1)));
        }
        s.append(String.join(", ", cs)).append(" ],\n");
        s.append("\"outputs\": [ { \"from\": \"mix\", \"channel\": 0 }, { \"from\": \"t0.out\", \"channel\": 1 } ] }\n");
        return s.toString();
    }

    private static String localIn(Elem e) {
        return e.id() + ".in";
    }

    private static String localOut(Elem e) {
        return e.id() + "." + (e.type() == null ? "out" : e.outPort());
    }

    private static void localChain(List<Elem> chain, List<String> cs) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            cs.add(connection(localOut(chain.get(i)), localIn(chain.get(i + 1))));
        }
    }

    // ---------------------------------------------------------------- the hand expansion

    /** One instance expanded: its flat nodes and connections, and where its "in" and "out" lead. */
    private record Flat(List<String> nodes, List<String> connections, List<String> in, String out) {
    }

    private static Flat expand(List<Def> defs, Def d, String prefix, Float given) {
        Float g = given != null ? given : d.gDefault();
        List<String> nodes = new ArrayList<>();
        List<String> inner = new ArrayList<>();
        Map<String, Flat> sub = new LinkedHashMap<>();
        for (Elem e : all(d)) {
            boolean targeted = e.id().equals(d.gTarget()) && g != null;
            if (e.type() == null) {
                Float eg = targeted ? g : e.params().get("g");
                Flat f = expand(defs, defs.get(e.def()), prefix + e.id() + "/", eg);
                sub.put(e.id(), f);
                nodes.addAll(f.nodes());
                inner.addAll(f.connections());
            } else {
                Map<String, Float> ps = new LinkedHashMap<>(e.params());
                if (targeted) {
                    ps.put("gain", g);
                }
                nodes.add("{ \"id\": \"" + prefix + e.id() + "\", \"type\": \"" + e.type() + "\"" + params(ps) + " }");
            }
        }
        if (d.b() != null) {
            nodes.add("{ \"id\": \"" + prefix + "m\", \"type\": \"std.mix\" }");
        }
        List<String> own = new ArrayList<>();
        flatChain(d.a(), prefix, sub, own);
        if (d.b() != null) {
            flatChain(d.b(), prefix, sub, own);
            own.add(connection(flatOut(last(d.a()), prefix, sub), prefix + "m.in1"));
            own.add(connection(flatOut(last(d.b()), prefix, sub), prefix + "m.in2"));
        }
        inner.addAll(own);
        List<String> in = new ArrayList<>(flatIn(d.a().get(0), prefix, sub));
        if (d.b() != null) {
            in.addAll(flatIn(d.b().get(0), prefix, sub));
        }
        return new Flat(nodes, inner, in, d.b() != null ? prefix + "m.out" : flatOut(last(d.a()), prefix, sub));
    }

    private static List<String> flatIn(Elem e, String prefix, Map<String, Flat> sub) {
        return e.type() == null ? sub.get(e.id()).in() : List.of(prefix + e.id() + ".in");
    }

    private static String flatOut(Elem e, String prefix, Map<String, Flat> sub) {
        return e.type() == null ? sub.get(e.id()).out() : prefix + e.id() + "." + e.outPort();
    }

    private static void flatChain(List<Elem> chain, String prefix, Map<String, Flat> sub, List<String> cs) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            String from = flatOut(chain.get(i), prefix, sub);
            for (String to : flatIn(chain.get(i + 1), prefix, sub)) {
                cs.add(connection(from, to));
            }
        }
    }

    private static String flatJson(List<Def> defs, List<Elem> instances, float freq) {
        List<String> nodes = new ArrayList<>();
        nodes.add("{ \"id\": \"src\", \"type\": \"std.osc.saw\", \"params\": { \"freq\": " + JsonPatchCodec.number(freq)
                + ", \"amp\": 0.2 } }");
        List<String> cs = new ArrayList<>();
        List<Flat> flats = new ArrayList<>();
        for (Elem t : instances) {
            Flat f = expand(defs, defs.get(t.def()), t.id() + "/", t.params().get("g"));
            flats.add(f);
            nodes.addAll(f.nodes());
            cs.addAll(f.connections());
        }
        nodes.add("{ \"id\": \"mix\", \"type\": \"std.mix\" }");
        for (int i = 0; i < flats.size(); i++) {
            for (String to : flats.get(i).in()) {
                cs.add(connection("src", to));
            }
            cs.add(connection(flats.get(i).out(), "mix.in" + (i + 1)));
        }
        return "{ \"nodes\": [ " + String.join(",\n", nodes) + " ],\n\"connections\": [ " + String.join(",\n", cs)
                + " ],\n\"outputs\": [ { \"from\": \"mix\", \"channel\": 0 }, { \"from\": \"" + flats.get(0).out()
                + "\", \"channel\": 1 } ] }\n";
    }

    // ---------------------------------------------------------------- text

    private static List<Elem> all(Def d) {
        List<Elem> all = new ArrayList<>(d.a());
        if (d.b() != null) {
            all.addAll(d.b());
        }
        return all;
    }

    private static Elem find(Def d, String id) {
        for (Elem e : all(d)) {
            if (e.id().equals(id)) {
                return e;
            }
        }
        throw new AssertionError(id);
    }

    private static Elem last(List<Elem> chain) {
        return chain.get(chain.size() - 1);
    }

    private static String params(Map<String, Float> ps) {
        if (ps.isEmpty()) {
            return "";
        }
        List<String> items = new ArrayList<>();
        ps.forEach((k, v) -> items.add("\"" + k + "\": " + JsonPatchCodec.number(v)));
        return ", \"params\": { " + String.join(", ", items) + " }";
    }

    private static String strings(List<String> items) {
        return items.size() == 1 ? "\"" + items.get(0) + "\"" : "[\"" + String.join("\", \"", items) + "\"]";
    }

    private static String connection(String from, String to) {
        return "{ \"from\": \"" + from + "\", \"to\": \"" + to + "\" }";
    }
}
