package org.aetherdsp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.aetherdsp.io.WavData;
import org.aetherdsp.io.WavReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/bom-consumer imports aether-bom and declares aether-core, aether-nodes-std and
 * aether-io without versions. Its invoked {@code mvn verify} compiled it and ran its own test;
 * here its packaged program runs on the class path Maven resolved for it.
 */
class BomConsumerIT {

    @TempDir
    Path dir;

    @Test
    void theProgramBuiltWithTheBomRendersAudio() throws Exception {
        Path project = Examples.project("bom-consumer");
        List<Path> classPath = new ArrayList<>();
        classPath.add(project.resolve("target/acme-chord-1.0.0.jar"));
        try (Stream<Path> lib = Files.list(project.resolve("target/lib"))) {
            lib.sorted().forEach(classPath::add);
        }
        String version = Examples.property("aether.version");
        for (String artifact : List.of("aether-core", "aether-nodes-std", "aether-io", "aether-api")) {
            assertTrue(classPath.stream().anyMatch(p -> p.getFileName().toString().equals(artifact + "-" + version + ".jar")),
                    artifact + " " + version + " (the BOM's version) is not on the resolved class path " + classPath);
        }

        String out = Examples.java(dir, List.of("-cp", Examples.join(classPath), "com.acme.chord.RenderChord", "chord.wav", "2"));
        assertTrue(out.contains("rendered 96000 frames"), out);
        WavData wav = WavReader.read(dir.resolve("chord.wav"));
        assertEquals(96_000, wav.frames());
        assertTrue(Examples.peak(wav) > 0.1f, "peak " + Examples.peak(wav) + ": the program rendered silence");
    }
}
