package org.aetherdsp.lv2;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/**
 * The JNI calls into the native host (src/main/c/aether_lv2.c, built by the Maven build with gcc
 * against liblilv). {@link #run} is the only one the RT thread makes: primitive arguments, buffers
 * connected once, no conversion. Loaded once; if it cannot be (no shim in the jar, no liblilv on
 * the machine), {@link #problem()} says why and nothing else here may be called.
 */
final class Lv2Native {

    static final int K_AUDIO = 1;
    static final int K_CONTROL_IN = 2;
    static final int K_CONTROL_OUT = 3;
    static final int K_ATOM_IN = 4;
    static final int K_ATOM_OUT = 5;
    static final int K_ATOM_MIDI = 6;

    /** Where the build puts the shim, inside the jar or target/classes. */
    static final String RESOURCE = "/org/aetherdsp/lv2/native/linux-x86_64/libaetherlv2.so";

    private static String path;
    private static final String PROBLEM = load();

    private Lv2Native() {
    }

    private static String load() {
        try {
            String explicit = System.getProperty("aether.lv2.library");
            if (explicit != null) {
                path = Paths.get(explicit).toAbsolutePath().toString();
                System.load(path);
                return null;
            }
            if (!"Linux".equals(System.getProperty("os.name")) || !"amd64".equals(System.getProperty("os.arch"))) {
                return "the LV2 host is built for Linux x86-64 only, this is " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch");
            }
            URL url = Lv2Native.class.getResource(RESOURCE);
            if (url == null) {
                return "the native LV2 host is not in this build of aether-lv2 (it is compiled only where liblilv-dev"
                        + " and gcc are installed: apt-get install liblilv-dev)";
            }
            if ("file".equals(url.getProtocol())) {
                path = Paths.get(url.toURI()).toString();
                System.load(path);
                return null;
            }
            Path tmp = Files.createTempFile("libaetherlv2-", ".so");
            tmp.toFile().deleteOnExit();
            try (InputStream in = url.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            path = tmp.toString();
            System.load(path);
            return null;
        } catch (UnsatisfiedLinkError e) {
            return "the native LV2 host cannot be loaded (is liblilv-0-0 installed? apt-get install liblilv-0-0): "
                    + e.getMessage();
        } catch (IOException | java.net.URISyntaxException | SecurityException e) {
            return "the native LV2 host cannot be loaded: " + e;
        }
    }

    /** @return null when the native host is loaded, otherwise why it is not */
    static String problem() {
        return PROBLEM;
    }

    /** @return the file the native host was loaded from (for the JNA comparison benchmark), or null */
    static String libraryPath() {
        return PROBLEM == null ? path : null;
    }

    static native long worldNew(String lv2Path);

    /** @return the description of every plugin, UTF-8 (see aether_lv2.c) */
    static native byte[] describe(long world);

    static native long instantiate(long world, String uri, double sampleRate, int maxBlock, int atomCapacity);

    static native int hasWorker(long handle);

    static native long workDone(long handle);

    static native void connect(long handle, int port, int kind, ByteBuffer buffer);

    static native void buffers(long handle, ByteBuffer controls, ByteBuffer schedule, ByteBuffer midi);

    static native void activate(long handle, int on);

    /** RT thread: one block in chunks (control inputs from the schedule's rows). */
    static native void run(long handle, int frames, int chunk);

    /** An empty call with run's signature, for the benchmark. */
    static native void nop(long handle, int frames, int chunk);

    static native void free(long handle);

    static native int saveState(long handle, ByteBuffer out);

    static native int restoreState(long handle, ByteBuffer in, int length);
}
