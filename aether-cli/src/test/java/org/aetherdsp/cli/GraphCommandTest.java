package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphCommandTest {

    private static final Pattern NODE = Pattern.compile("^  \"((?:[^\"\\\\]|\\\\.)*)\" \\[(?:.*, )?label=\"((?:[^\"\\\\]|\\\\.)*)\"\\];$");
    private static final Pattern EDGE = Pattern.compile(
            "^  \"((?:[^\"\\\\]|\\\\.)*)\" -> \"((?:[^\"\\\\]|\\\\.)*)\" \\[label=\"((?:[^\"\\\\]|\\\\.)*)\"(, [a-z]+=[a-z]+)*\\];$");

    @TempDir
    Path dir;

    private record Dot(Map<String, List<String>> nodes, List<String> edges) {
    }

    /** Parses the node and edge statements; fails on any other line inside the digraph. */
    private static Dot parse(String dot) {
        List<String> lines = dot.lines().toList();
        assertTrue(lines.get(0).startsWith("digraph \""), lines.get(0));
        assertEquals("}", lines.get(lines.size() - 1));
        Map<String, List<String>> nodes = new LinkedHashMap<>();
        List<String> edges = new ArrayList<>();
        for (String line : lines.subList(1, lines.size() - 1)) {
            Matcher e = EDGE.matcher(line);
            Matcher n = NODE.matcher(line);
            if (e.matches()) {
                edges.add(e.group(1) + " -> " + e.group(2) + " : " + e.group(3));
            } else if (n.matches()) {
                nodes.put(n.group(1), List.of(n.group(2).split("\\\\n")));
            } else {
                assertTrue(line.matches("^  (graph|node|edge) \\[.*\\];$"), "unexpected DOT line: " + line);
            }
        }
        return new Dot(nodes, edges);
    }

    @Test
    void hostInputRoutesAreDrawnFromAHostInputSource() throws Exception {
        Path patch = Files.writeString(dir.resolve("fx.json"), "{ \"nodes\": [ { \"id\": \"g\", \"type\": \"std.gain\" },"
                + " { \"id\": \"c\", \"type\": \"std.compressor\" } ], \"connections\": [ { \"from\": \"in.0\", \"to\": \"g\" },"
                + " { \"from\": \"in.1\", \"to\": \"c.sidechain\" }, { \"from\": \"g\", \"to\": \"c\" } ],"
                + " \"outputs\": [ { \"from\": \"c\", \"channel\": 0 } ] }");
        CliRun r = CliRun.of("graph", patch.toString());
        assertEquals(0, r.code(), r.err());
        Dot dot = parse(r.out());
        assertEquals(List.of("host input", "2 ch"), dot.nodes().get("host input"));
        assertTrue(dot.edges().contains("host input -> g : in 0 -> in"), dot.edges().toString());
        assertTrue(dot.edges().contains("host input -> c : in 1 -> sidechain"), dot.edges().toString());
    }

    @Test
    void aModeParameterIsDrawnByItsChoiceName() throws Exception {
        Path patch = Files.writeString(dir.resolve("hp.json"), "{ \"nodes\": [ { \"id\": \"f\", \"type\": \"std.filter.biquad\","
                + " \"params\": { \"mode\": \"highpass\", \"freq\": 300 } } ] }");
        CliRun r = CliRun.of("graph", patch.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("f", "std.filter.biquad", "mode = highpass", "freq = 300 Hz"), parse(r.out()).nodes().get("f"));
    }

    @Test
    void dotHasEveryNodeWithTypeAndNonDefaultParamsAndEveryEdgeWithPortNames() {
        Path patch = Path.of("..", "examples", "patches", "pluck-echo.json");
        CliRun r = CliRun.of("graph", patch.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        Dot dot = parse(r.out());
        assertEquals(12, dot.nodes().size(), dot.nodes().toString()); // 11 nodes and the host output
        // string-e in the file: freq 329.63, decay 2, brightness 0.5, amp 0.25, seed 1; only those off their default show
        List<String> stringE = dot.nodes().get("string-e");
        assertEquals(List.of("string-e", "std.karplus"), stringE.subList(0, 2));
        org.aetherdsp.api.NodeDescriptor karplus = org.aetherdsp.core.engine.NodeRegistry.load().require("std.karplus").descriptor();
        List<String> expected = new ArrayList<>(List.of("string-e", "std.karplus"));
        Map<String, Float> params = new LinkedHashMap<>();
        params.put("freq", 329.63f);
        params.put("decay", 2f);
        params.put("brightness", 0.5f);
        params.put("amp", 0.25f);
        params.put("seed", 2f);
        params.forEach((id, value) -> {
            org.aetherdsp.api.ParamSpec spec = karplus.params().get(karplus.paramIndex(id));
            if (spec.defaultValue() != value) {
                expected.add(id + " = " + (id.equals("freq") ? "329.6" : PatchDot.number(value)) + (spec.unit().isEmpty() ? "" : " " + spec.unit()));
            }
        });
        assertEquals(expected, stringE);
        assertTrue(stringE.contains("freq = 329.6 Hz"), stringE.toString());
        assertEquals(List.of("strings", "std.mix"), dot.nodes().get("strings"));
        assertEquals(List.of("host output", "2 ch"), dot.nodes().get("host output"));
        assertEquals(12, dot.edges().size(), dot.edges().toString());
        assertTrue(dot.edges().contains("gate-a -> string-a : out -> trigger"), dot.edges().toString());
        assertTrue(dot.edges().contains("string-c -> strings : out -> in4"), dot.edges().toString());
        assertTrue(dot.edges().contains("hall -> host output : left -> ch 0"), dot.edges().toString());
        assertTrue(dot.edges().contains("hall -> host output : right -> ch 1"), dot.edges().toString());
    }

    @Test
    void paramsAtTheirDefaultAreLeftOutAndIdsAreQuoted() throws Exception {
        Path patch = dir.resolve("q.json");
        Files.writeString(patch, """
                { "channels": 1,
                  "nodes": [ { "id": "my \\"osc\\"", "type": "std.osc.sine", "params": { "freq": 440, "amp": 0.25 } },
                             { "id": "host output", "type": "std.gain" } ],
                  "connections": [ { "from": "my \\"osc\\"", "to": "host output" } ],
                  "outputs": [ { "from": "host output", "channel": 0 } ] }
                """);
        CliRun r = CliRun.of("graph", patch.toString(), "--dot");
        assertEquals(0, r.code(), r.err());
        Dot dot = parse(r.out());
        List<String> osc = dot.nodes().get("my \\\"osc\\\"");
        assertEquals(3, osc.size(), "440 Hz is the sine's default: " + osc);
        assertTrue(osc.get(2).startsWith("amp = 0.25"), osc.toString());
        assertTrue(dot.nodes().containsKey("host output'"), "the sink does not take a node's id: " + dot.nodes().keySet());
        assertTrue(dot.edges().contains("host output -> host output' : out -> ch 0"), dot.edges().toString());
    }

    @Test
    void aFeedbackConnectionIsDrawnDashedAndSaysItsDelay() throws Exception {
        CliRun r = CliRun.of("graph", Path.of("..", "examples", "patches", "feedback-loop.json").toString());
        assertEquals(0, r.code(), r.err());
        List<String> feedback = r.out().lines().filter(l -> l.contains("(feedback, 1 block)")).toList();
        assertEquals(List.of("  \"return\" -> \"loop-in\" [label=\"out -> in2 (feedback, 1 block)\", style=dashed,"
                + " constraint=false];"), feedback);
        assertTrue(parse(r.out()).edges().contains("return -> loop-in : out -> in2 (feedback, 1 block)"));
    }

    @Test
    void aSubpatchInstanceIsDrawnWithItsFlatIdsInABoxOfItsOwnNested() {
        CliRun r = CliRun.of("graph", Path.of("..", "examples", "patches", "string-band.json").toString());
        assertEquals(0, r.code(), r.err());
        List<String> clusters = r.out().lines().filter(l -> l.startsWith("  subgraph ")).toList();
        Dot dot = parse(r.out().lines().filter(l -> !l.startsWith("  subgraph ")).collect(java.util.stream.Collectors.joining("\n")));
        assertEquals(List.of("a/string/pluck", "std.karplus", "decay = 2.5 s", "brightness = 0.6", "amp = 0.35"),
                dot.nodes().get("a/string/pluck"));
        assertTrue(dot.edges().contains("a/place -> left : left -> in1"), dot.edges().toString());
        assertEquals(4, clusters.size(), clusters.toString());
        assertEquals("  subgraph \"cluster_a\" { label=\"a\"; style=\"rounded,dashed\"; color=\"#8a96a3\"; fontname=\"Helvetica\";"
                + " fontsize=10; \"a/echo\"; \"a/place\"; subgraph \"cluster_a/string\" { label=\"a/string\"; style=\"rounded,dashed\";"
                + " color=\"#8a96a3\"; fontname=\"Helvetica\"; fontsize=10; \"a/string/gate\"; \"a/string/pluck\"; } }", clusters.get(0));
    }

    @Test
    void dotGoesToAFile() throws Exception {
        Path file = dir.resolve("g.dot");
        CliRun r = CliRun.of("graph", Path.of("..", "examples", "patches", "drone.json").toString(), "--dot", file.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("graph: " + file, r.out().strip());
        assertTrue(parse(Files.readString(file)).nodes().size() > 2);
    }

    @Test
    void missingDotIsOneLineNamingGraphviz() {
        CliRun r = CliRun.of("graph", Path.of("..", "examples", "patches", "drone.json").toString(), "--png",
                dir.resolve("g.png").toString(), "--dot-command", dir.resolve("no-such-dot").toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("install the package graphviz"), r.err());
    }

    @Test
    void pngIsDrawnByGraphviz() throws Exception {
        if ("1".equals(System.getenv("AETHER_REQUIRE_TOOLS"))) {
            assertTrue(graphvizInstalled(), "Graphviz (dot) is not installed, and AETHER_REQUIRE_TOOLS=1 (CI) makes that a failure");
        }
        assumeTrue(graphvizInstalled(), "Graphviz (dot) is not installed; set AETHER_REQUIRE_TOOLS=1 to make this a failure");
        Path png = dir.resolve("g.png");
        CliRun r = CliRun.of("graph", Path.of("..", "examples", "patches", "pluck-echo.json").toString(), "--png", png.toString());
        assertEquals(0, r.code(), r.err());
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 300 && image.getHeight() > 100, image.getWidth() + "x" + image.getHeight());
        // Subpatch instances are drawn as nested clusters, which Graphviz must accept.
        Path band = dir.resolve("band.png");
        CliRun b = CliRun.of("graph", Path.of("..", "examples", "patches", "string-band.json").toString(), "--png", band.toString());
        assertEquals(0, b.code(), b.err());
        assertTrue(ImageIO.read(band.toFile()).getWidth() > 300);
    }

    private static boolean graphvizInstalled() {
        try {
            return new ProcessBuilder("dot", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
