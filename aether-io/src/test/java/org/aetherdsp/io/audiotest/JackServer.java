package org.aetherdsp.io.audiotest;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: a JACK server on the dummy backend ({@code jackd --no-realtime -d dummy
 * -r 48000 -p 64}) for the tests of a class, under the name in {@code JACK_DEFAULT_SERVER}
 * (the build sets {@code aether-jackd-test-<build start time>}) so that a developer's own server is left alone.
 */
public final class JackServer implements BeforeAllCallback, AfterAllCallback {

    /** Frames per JACK cycle. */
    public static final int PERIOD = 64;
    /** Sample rate. */
    public static final int RATE = 48_000;

    private final ServerProcess server = new ServerProcess("JACK (jackd2)");

    /** @return the server name clients of this JVM connect to */
    public static String name() {
        String n = System.getenv("JACK_DEFAULT_SERVER");
        return n == null ? "default" : n;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server.start(List.of("jackd", "-n", name(), "--no-realtime", "--sync", "-d", "dummy", "-r", Integer.toString(RATE),
                        "-p", Integer.toString(PERIOD)),
                Map.of("JACK_DEFAULT_SERVER", name()), List.of("jack_wait", "-w", "-t", "1"));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.stop();
    }
}
