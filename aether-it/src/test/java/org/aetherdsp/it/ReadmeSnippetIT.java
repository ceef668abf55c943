package org.aetherdsp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root README's poms work as written: each {@code xml} block marked
 * {@code <!-- aether-it: NAME -->} is taken from README.md as it stands, put beside an example's
 * sources, and built with a real {@code mvn verify} (this machine's Maven, the isolated
 * repository the reactor's artifacts were installed into). The build must succeed, compile for
 * Java 17 and run the example's tests: more than zero of them. Maven 3.8's built-in plugins
 * would compile with source 5 and run no JUnit 5 test while reporting BUILD SUCCESS.
 */
class ReadmeSnippetIT {

    @TempDir
    Path dir;

    /** @return the {@code xml} block right after the marker {@code <!-- aether-it: name} in README.md */
    static String snippet(String readme, String name) {
        Matcher m = Pattern.compile("<!-- aether-it: " + Pattern.quote(name) + "\\b[^\\n]*-->\\s*\\n```xml\\n(.*?)\\n```",
                Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README.md has no xml block marked <!-- aether-it: " + name + " -->");
        return m.group(1) + "\n";
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    /** Runs {@code mvn verify} on the project as a user would, against the isolated repository. */
    private static String mvnVerify(Path project) throws Exception {
        Path mvn = Path.of(Examples.property("maven.home"), "bin", "mvn");
        List<String> cmd = new ArrayList<>(List.of(mvn.toString(), "-B", "-Dstyle.color=never",
                "-s", Examples.property("aether.it.settings"),
                "-Dmaven.repo.local=" + Examples.property("aether.it.repo"),
                "-Daether.version=" + Examples.property("aether.version")));
        // Like the invoker's builds: plugins and libraries from ~/.m2 first (settings.xml), Aether from the isolated repository.
        cmd.add("verify");
        Path log = project.resolve("build.log");
        Process p = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "mvn verify did not finish: " + project);
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), "mvn verify of the README's pom failed (" + log + "):\n" + tail(out));
        return out;
    }

    private static String tail(String s) {
        return s.length() <= 6000 ? s : s.substring(s.length() - 6000);
    }

    /** @return the tests surefire ran, from its reports (failing if there are none) */
    private static int testsRun(Path project) throws IOException {
        Path reports = project.resolve("target/surefire-reports");
        assertTrue(Files.isDirectory(reports), "surefire wrote no reports: no test ran in " + project);
        int total = 0;
        try (Stream<Path> files = Files.list(reports)) {
            for (Path xml : files.filter(f -> f.getFileName().toString().startsWith("TEST-")).toList()) {
                Matcher m = Pattern.compile("<testsuite[^>]*\\stests=\"(\\d+)\"").matcher(Files.readString(xml));
                if (m.find()) {
                    total += Integer.parseInt(m.group(1));
                }
            }
        }
        return total;
    }

    /** @return the class file major version of a compiled class (61 is Java 17) */
    private static int majorVersion(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile); DataInputStream data = new DataInputStream(in)) {
            assertEquals(0xCAFEBABE, data.readInt(), classFile + " is not a class file");
            data.readUnsignedShort();
            return data.readUnsignedShort();
        }
    }

    private Path projectFrom(String snippetName, String example) throws Exception {
        String readme = Files.readString(Path.of(Examples.property("aether.readme")), StandardCharsets.UTF_8);
        Path project = Files.createDirectories(dir.resolve(snippetName));
        Files.writeString(project.resolve("pom.xml"), snippet(readme, snippetName));
        copyTree(Path.of(Examples.property("aether.examples.src"), example, "src"), project.resolve("src"));
        return project;
    }

    @Test
    void thePluginPomBuildsAPluginAndRunsItsTests() throws Exception {
        Path project = projectFrom("plugin-pom", "plugin-tremolo");
        mvnVerify(project);
        int tests = testsRun(project);
        assertTrue(tests > 10, "the plugin's conformance suite and tests ran " + tests + " tests");
        assertEquals(61, majorVersion(project.resolve("target/classes/com/acme/tremolo/Tremolo.class")));
        assertTrue(Files.isRegularFile(project.resolve("target/my-nodes-1.0.0.jar")), "mvn verify packaged the plugin");
    }

    @Test
    void theBomPomBuildsAnApplicationAndRunsItsTests() throws Exception {
        Path project = projectFrom("bom-pom", "bom-consumer");
        String log = mvnVerify(project);
        assertTrue(testsRun(project) > 0, "no test ran:\n" + tail(log));
        assertEquals(61, majorVersion(project.resolve("target/classes/com/acme/chord/RenderChord.class")));
    }
}
