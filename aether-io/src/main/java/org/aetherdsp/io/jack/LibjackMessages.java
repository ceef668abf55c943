package org.aetherdsp.io.jack;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * libjack's own messages. The native library prints its errors and information to the
 * process's stderr itself: without a server, opening a client prints half a dozen lines
 * ("Cannot connect to server socket err = No such file or directory", "jack server is not
 * running or cannot be started", ...) before {@link JackDriver#start} reports the failure in
 * its own words. {@link #hide()} routes them, through {@code jack_set_error_function} and
 * {@code jack_set_info_function}, into a small log here instead.
 *
 * <p>Process-wide, as libjack's message functions are. Control side.
 */
public final class LibjackMessages {

    /** Messages kept at most (the latest). */
    public static final int KEPT = 64;

    /** {@code void (*)(const char *msg)}. */
    interface MessageCallback extends Callback {
        /**
         * @param message the message, a C string
         */
        void invoke(Pointer message);
    }

    private static final boolean BOUND = DirectJack.register(LibjackMessages.class);
    private static final ArrayDeque<String> LOG = new ArrayDeque<>();
    /** Referenced for as long as libjack may call it (JNA frees a collected callback's entry point). */
    private static MessageCallback sink;

    private LibjackMessages() {
    }

    private static native void jack_set_error_function(MessageCallback callback);

    private static native void jack_set_info_function(MessageCallback callback);

    /**
     * From now on, libjack's error and info messages go to {@link #hidden()} instead of stderr.
     *
     * @return false if libjack cannot be bound here (it then prints as before, if it is there at all)
     */
    public static synchronized boolean hide() {
        if (!BOUND) {
            return false;
        }
        if (sink == null) {
            sink = message -> {
                String text = message == null ? "" : message.getString(0);
                synchronized (LibjackMessages.class) {
                    if (LOG.size() == KEPT) {
                        LOG.removeFirst();
                    }
                    LOG.addLast(text);
                }
            };
            jack_set_error_function(sink);
            jack_set_info_function(sink);
        }
        return true;
    }

    /** @return the latest {@value #KEPT} messages libjack printed since {@link #hide()}, oldest first */
    public static synchronized List<String> hidden() {
        return new ArrayList<>(LOG);
    }
}
