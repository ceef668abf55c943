package org.aetherdsp.io.audiotest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: a PulseAudio daemon with a 48 kHz null sink {@code nullsink} for the tests
 * of a class, reached by javax.sound through ALSA's pulse plugin. Its runtime directory and the
 * {@code .asoundrc} live in the build's audio home (the surefire configuration points
 * {@code HOME} and {@code XDG_RUNTIME_DIR} there for the test JVM).
 */
public final class PulseServer implements BeforeAllCallback, AfterAllCallback {

    /** The null sink's name; {@code nullsink.monitor} records what it plays. */
    public static final String SINK = "nullsink";

    private final ServerProcess server = new ServerProcess("PulseAudio");

    /** @return the environment a pulse client (parec) needs to find this server */
    public static Map<String, String> clientEnv() throws java.io.IOException {
        Path home = ServerProcess.audioHome();
        return Map.of("HOME", home.toString(), "XDG_RUNTIME_DIR", home.resolve("run").toString());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path home = ServerProcess.audioHome();
        if (ServerProcess.onPath("pulseaudio") != null
                && !home.toString().equals(System.getenv("HOME"))) {
            ServerProcess.unavailable("HOME of the test JVM is not the audio home " + home
                    + " (run through Maven, whose surefire configuration sets it), so ALSA would not find the pulse plugin");
        }
        Files.writeString(home.resolve(".asoundrc"), "pcm.!default { type pulse }\nctl.!default { type pulse }\n");
        // --disable-shm: with shared memory (memfd) blocks, PulseAudio 16 aborts on an assertion in
        // memblock.c ("Cannot send block reference with non-registered memfd ID", its issue 824)
        // when a recorder of the monitor (parec) disconnects while a stream plays; afterwards no
        // client finds a device. Reproduced here in 40 to 53 play/record cycles; none in 150
        // with blocks copied over the socket.
        // --realtime, --high-priority: the sink's IO thread under SCHED_RR where the server may
        // (as root, as in CI), so that other work on the machine does not make it drop out.
        server.start(List.of("pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit",
                        "--use-pid-file=no", "--disable-shm=yes", "--realtime=yes", "--high-priority=yes", "-L", "module-null-sink sink_name=" + SINK + " rate=48000",
                        "-L", "module-native-protocol-unix", "-L", "module-always-sink"),
                clientEnv(), List.of("pactl", "info"));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.stopExpectingItAlive();
    }
}
