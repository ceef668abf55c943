package org.aetherdsp.lv2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.NodeCreationException;
import org.aetherdsp.core.engine.NodeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Lv2DiscoveryTest {

    @Test
    void installedPluginIsANodeTypeWithPortsAndParams() {
        Lv2Host host = Lv2TestPlugins.host(Lv2TestPlugins.AMP, Lv2TestPlugins.DELAY);
        NodeType amp = host.nodeTypes().stream().filter(t -> t.id().equals("lv2:" + Lv2TestPlugins.AMP)).findFirst().orElseThrow();
        assertEquals("Simple Amplifier", amp.descriptor().displayName());
        assertEquals(List.of("in"), amp.descriptor().inputs());
        assertEquals(List.of("out"), amp.descriptor().outputs());
        ParamSpec gain = amp.descriptor().params().get(0);
        assertEquals("gain", gain.id());
        assertEquals(-90f, gain.min());
        assertEquals(24f, gain.max());
        assertEquals(0f, gain.defaultValue());
        assertEquals("dB", gain.unit());
        assertEquals(Lv2Layout.SMOOTHING_MS, gain.smoothingMs());
        Lv2Port port = host.plugin(Lv2TestPlugins.AMP).ports().get(0);
        assertEquals(4, port.scalePoints().size(), port.toString());
        assertTrue(port.scalePoints().contains(new Lv2Port.ScalePoint(-10f, "-10")), port.scalePoints().toString());

        NodeType delay = host.nodeTypes().stream().filter(t -> t.id().equals("lv2:" + Lv2TestPlugins.DELAY)).findFirst().orElseThrow();
        assertEquals(List.of("max_delay", "delay_time"), delay.descriptor().params().stream().map(ParamSpec::id).toList());
    }

    @Test
    void serviceLoaderFindsLv2TypesBesideTheStandardOnes() {
        Lv2TestPlugins.host(Lv2TestPlugins.AMP);
        NodeRegistry registry = NodeRegistry.load();
        assertNotNull(registry.require("lv2:" + Lv2TestPlugins.AMP));
        assertNotNull(registry.require("std.gain"));
        assertTrue(registry.origin("lv2:" + Lv2TestPlugins.AMP).contains("Lv2NodeProvider"), registry.origin("lv2:" + Lv2TestPlugins.AMP));
    }

    @Test
    void enumerationWithWholeScalePointsBecomesChoices() {
        Lv2Port p = new Lv2Port(0, Lv2Port.Kind.CONTROL, true, "mode", "Mode", 0f, 2f, 1f, "",
                java.util.Set.of("enumeration", "integer"),
                List.of(new Lv2Port.ScalePoint(0f, "Low pass"), new Lv2Port.ScalePoint(1f, "High pass"), new Lv2Port.ScalePoint(2f, "Band")));
        ParamSpec spec = Lv2Layout.spec(p, new java.util.HashSet<>());
        assertEquals(List.of("low-pass", "high-pass", "band"), spec.choices());
        assertEquals(0f, spec.smoothingMs());
        Lv2Port gaps = new Lv2Port(0, Lv2Port.Kind.CONTROL, true, "mode", "Mode", 0f, 3f, 1f, "",
                java.util.Set.of("enumeration"), List.of(new Lv2Port.ScalePoint(0f, "a"), new Lv2Port.ScalePoint(3f, "b")));
        assertEquals(List.of(), Lv2Layout.spec(gaps, new java.util.HashSet<>()).choices());
    }

    /** A bundle of two plugins: one whose binary is missing (skipped, reported by URI), one that requires a feature we lack. */
    private static Path bundle(Path dir) throws IOException {
        Path b = Files.createDirectories(dir.resolve("aether-test.lv2"));
        Files.writeString(b.resolve("manifest.ttl"), """
                @prefix lv2: <http://lv2plug.in/ns/lv2core#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                <urn:aether:test:missing-binary> a lv2:Plugin ; lv2:binary <nothing-here.so> ; rdfs:seeAlso <plugins.ttl> .
                <urn:aether:test:needs-feature> a lv2:Plugin ; lv2:binary <file:///usr/lib/lv2/eg-amp.lv2/amp.so> ; rdfs:seeAlso <plugins.ttl> .
                """);
        Files.writeString(b.resolve("plugins.ttl"), """
                @prefix lv2: <http://lv2plug.in/ns/lv2core#> .
                @prefix doap: <http://usefulinc.com/ns/doap#> .
                <urn:aether:test:missing-binary> a lv2:Plugin ; doap:name "Missing" ;
                    lv2:port [ a lv2:AudioPort , lv2:OutputPort ; lv2:index 0 ; lv2:symbol "out" ; lv2:name "Out" ] .
                <urn:aether:test:needs-feature> a lv2:Plugin ; doap:name "Needs a feature \uD83C\uDF9B\u00E9" ;
                    lv2:requiredFeature <urn:aether:test:feature-nobody-has> ;
                    lv2:port [ a lv2:AudioPort , lv2:OutputPort ; lv2:index 0 ; lv2:symbol "out" ; lv2:name "Out" ] .
                """);
        return b;
    }

    @Test
    void pluginThatCannotLoadIsReportedByUriAndSkipped(@TempDir Path dir) throws IOException {
        Lv2TestPlugins.host();
        Lv2Host host = Lv2Host.open(bundle(dir).getParent().toString());
        assertNull(host.plugin("urn:aether:test:missing-binary"));
        assertEquals(1, host.problems().size(), host.problems().toString());
        assertTrue(host.problems().get(0).startsWith("LV2 plugin <urn:aether:test:missing-binary> skipped: its binary"),
                host.problems().get(0));
        assertNotNull(host.plugin("urn:aether:test:needs-feature"));
        // UTF-8 outside the BMP survives the native description (JNI's NewStringUTF would not take it).
        assertEquals("Needs a feature \uD83C\uDF9B\u00E9", host.plugin("urn:aether:test:needs-feature").name());
    }

    @Test
    void pluginRequiringAMissingFeatureIsRefusedNamingItsUriAndTheFeature(@TempDir Path dir) throws IOException {
        Lv2TestPlugins.host();
        Lv2Host host = Lv2Host.open(bundle(dir).getParent().toString());
        Lv2FeatureException e = assertThrows(Lv2FeatureException.class, () -> host.create("urn:aether:test:needs-feature"));
        assertEquals("urn:aether:test:needs-feature", e.pluginUri());
        assertEquals(List.of("urn:aether:test:feature-nobody-has"), e.missing());
        assertTrue(e.getMessage().contains("<urn:aether:test:needs-feature> requires a feature this host does not offer: "
                + "urn:aether:test:feature-nobody-has"), e.getMessage());

        Engine.Builder b = Engine.builder().discoverNodeTypes(false);
        host.nodeTypes().forEach(b::nodeType);
        try (Engine engine = b.build()) {
            NodeCreationException n = assertThrows(NodeCreationException.class, () -> engine.add("lv2:urn:aether:test:needs-feature"));
            assertTrue(n.getCause() instanceof Lv2FeatureException, String.valueOf(n.getCause()));
            assertEquals(0, engine.nodes().length);
        }
    }

    /**
     * CV ports are node ports and run like audio: eg-amp's binary, described in a bundle of its own
     * with its input as an lv2:CVPort (none of the packages the tests install has a CV plugin).
     */
    @Test
    void cvPortsAreNodePortsAndRun(@TempDir Path dir) throws IOException {
        Lv2TestPlugins.host(Lv2TestPlugins.AMP);
        Path b = Files.createDirectories(dir.resolve("cv-amp.lv2"));
        Files.writeString(b.resolve("manifest.ttl"), """
                @prefix lv2: <http://lv2plug.in/ns/lv2core#> .
                @prefix doap: <http://usefulinc.com/ns/doap#> .
                <http://lv2plug.in/plugins/eg-amp> a lv2:Plugin ; doap:name "CV amp" ;
                    lv2:binary <file:///usr/lib/lv2/eg-amp.lv2/amp.so> ;
                    lv2:port [ a lv2:ControlPort , lv2:InputPort ; lv2:index 0 ; lv2:symbol "gain" ; lv2:name "Gain" ;
                               lv2:default 0.0 ; lv2:minimum -90.0 ; lv2:maximum 24.0 ] ,
                             [ a lv2:CVPort , lv2:InputPort ; lv2:index 1 ; lv2:symbol "cv_in" ; lv2:name "CV in" ] ,
                             [ a lv2:CVPort , lv2:OutputPort ; lv2:index 2 ; lv2:symbol "cv_out" ; lv2:name "CV out" ] .
                """);
        Lv2Host host = Lv2Host.open(dir.toString());
        Lv2Plugin p = host.plugin(Lv2TestPlugins.AMP);
        assertNotNull(p, host.problems().toString());
        assertEquals(Lv2Port.Kind.CV, p.ports().get(1).kind());
        Lv2Node node = host.create(Lv2TestPlugins.AMP);
        assertEquals(List.of("cv_in"), node.layout().descriptor.inputs());
        assertEquals(List.of("cv_out"), node.layout().descriptor.outputs());
        org.aetherdsp.api.ProcessContext ctx = org.aetherdsp.api.ProcessContext.of(48_000f, 64, 0);
        node.prepare(ctx);
        org.aetherdsp.core.param.SmoothedParams params = new org.aetherdsp.core.param.SmoothedParams(node.layout().descriptor);
        params.get(0).setTarget(-20f, 0);
        float[][] in = new float[1][64];
        float[][] out = new float[1][64];
        for (int i = 0; i < 64; i++) {
            in[0][i] = i / 64f;
        }
        node.process(in, out, params, ctx);
        for (int i = 0; i < 64; i++) {
            assertEquals(in[0][i] * 0.1f, out[0][i], 1e-6f, "frame " + i);
        }
    }
}
