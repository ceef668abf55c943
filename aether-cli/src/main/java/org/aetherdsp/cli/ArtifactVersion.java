package org.aetherdsp.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code aether -V} prints: the artifact version the build wrote into
 * {@code version.properties} (a filtered resource beside this class, so it is there on the
 * module path, on the class path and inside the fat jar alike).
 */
final class ArtifactVersion implements IVersionProvider {

    /** @return the version of this build of the CLI, e.g. {@code 0.1.0-SNAPSHOT}, or "unknown" */
    static String version() {
        try (InputStream in = ArtifactVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v.strip();
                }
            }
        } catch (IOException e) {
            // fall through to the module's own version
        }
        return ArtifactVersion.class.getModule().getDescriptor() == null ? "unknown"
                : ArtifactVersion.class.getModule().getDescriptor().rawVersion().orElse("unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"aether " + version(), "JVM: ${java.version} (${java.vendor} ${java.vm.name})"};
    }
}
