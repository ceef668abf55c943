package org.aetherdsp.io.jack;

import com.sun.jna.Callback;
import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import java.lang.reflect.Field;
import org.jaudiolibs.jnajack.JackClient;

/**
 * The libjack functions of the process cycle, bound directly (JNA direct mapping, raw
 * addresses as {@code long}), so that the whole process thread allocates nothing.
 *
 * <p>Through jnajack, each cycle's dispatch allocated: its process wrapper calls
 * {@code jack_port_get_buffer} for every port and gets a new JNA {@code Pointer} back each
 * time (24 B a port), before it calls ours. Here the process callback is registered with JACK
 * by {@code jack_set_process_callback} itself, as a {@link ProcessCallback} whose method takes
 * only primitives: a callback passed to a direct-mapped function is a JNA direct callback,
 * which calls the Java method with its primitive arguments as they are (no boxing, no
 * {@code Object[]}). The port buffers come back as addresses, written with plain memory copies.
 * jnajack still opens the client, registers the ports, connects them and takes the other
 * callbacks (which run on JACK's notification thread).
 *
 * <p>JNA attaches JACK's native process thread to the JVM on the first callback; the
 * {@link CallbackThreadInitializer} keeps it attached (a detach after each call would make a
 * new {@code java.lang.Thread} every cycle) until the thread ends.
 *
 * <p>jnajack does not expose the native {@code jack_client_t*}; it is read from the client's
 * {@code clientPtr} field (jnajack 1.4.0 is pinned; its automatic module opens every
 * package). Where any of this is not possible (not a 64-bit JVM, libjack not found by that
 * name, the field gone), {@link #isAvailable} is false and the driver takes jnajack's path.
 */
final class DirectJack {

    private static final boolean BOUND = register(DirectJack.class);
    private static final Field CLIENT_POINTER = clientPointerField();
    /** A pointer whose {@code write(address, ...)} writes at that absolute address. */
    private static final Pointer ABSOLUTE = new Pointer(0);

    /**
     * JACK's {@code JackProcessCallback}: {@code int (*)(jack_nframes_t nframes, void *arg)}.
     * {@code void*} is a {@code long} on the 64-bit platforms this binding is made for.
     */
    interface ProcessCallback extends Callback {
        /**
         * RT thread (JACK's process thread).
         *
         * @param nframes frames in this cycle
         * @param arg     the argument given at registration (0)
         * @return 0 to go on; anything else makes JACK deactivate the client
         */
        int invoke(int nframes, long arg);
    }

    private DirectJack() {
    }

    private static native int jack_set_process_callback(long client, ProcessCallback callback, long arg);

    private static native long jack_port_get_buffer(long port, int nframes);

    private static native long jack_port_by_name(long client, String name);

    private static native int jack_is_realtime(long client);

    private static native int jack_client_real_time_priority(long client);

    /** {@code jack_native_thread_t} is a {@code pthread_t}: an {@code unsigned long} on 64-bit Linux. */
    private static native long jack_client_thread_id(long client);

    private static native int jack_acquire_real_time_scheduling(long thread, int priority);

    /**
     * Binds the {@code native} methods of {@code owner} to libjack (JNA direct mapping), where
     * pointers can be passed as {@code long}.
     *
     * @param owner a class whose native methods are libjack functions
     * @return false if that is not possible here (not a 64-bit JVM, or libjack not found)
     */
    static boolean register(Class<?> owner) {
        try {
            if (Native.POINTER_SIZE != 8) {
                return false;
            }
            Native.register(owner, NativeLibrary.getInstance("jack"));
            return true;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }

    private static Field clientPointerField() {
        try {
            Field f = JackClient.class.getDeclaredField("clientPtr");
            if (!PointerType.class.isAssignableFrom(f.getType())) {
                return null;
            }
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }

    /** @return whether the process cycle can be bound directly here */
    static boolean isAvailable() {
        return BOUND && CLIENT_POINTER != null;
    }

    /**
     * Control thread.
     *
     * @param client an open jnajack client
     * @return its {@code jack_client_t*}
     */
    static long clientAddress(JackClient client) {
        try {
            PointerType p = (PointerType) CLIENT_POINTER.get(client);
            return p == null ? 0 : Pointer.nativeValue(p.getPointer());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read jnajack's client pointer", e);
        }
    }

    /**
     * Control thread.
     *
     * @param client   a {@code jack_client_t*}
     * @param fullName a port's full name, {@code client:port}
     * @return its {@code jack_port_t*}, or 0 if JACK knows no such port
     */
    static long port(long client, String fullName) {
        return jack_port_by_name(client, fullName);
    }

    /**
     * Control thread.
     *
     * @param client a {@code jack_client_t*}
     * @return the priority of the process thread if the server runs its clients' process
     *         threads under real-time scheduling ({@code jackd --realtime}), else 0
     */
    static int serverRealtimePriority(long client) {
        return jack_is_realtime(client) == 0 ? 0 : Math.max(1, jack_client_real_time_priority(client));
    }

    /**
     * Puts the client's process thread under real-time scheduling at {@code priority}, with
     * JACK's own {@code jack_acquire_real_time_scheduling} (the way a JACK server running with
     * {@code --realtime} does it). Control thread, after {@code jack_activate}: the process
     * thread runs its first cycles before this and the rest after.
     *
     * @param client   an active {@code jack_client_t*}
     * @param priority 1..99
     * @return JACK's result: 0 on success, and -1 if the client has no process thread yet
     */
    static int acquireRealtime(long client, int priority) {
        long thread = jack_client_thread_id(client);
        return thread == 0 ? -1 : jack_acquire_real_time_scheduling(thread, priority);
    }

    /**
     * Registers {@code callback} as the client's process callback, keeping JACK's process
     * thread attached to the JVM between calls. Control thread, before {@code jack_activate}.
     * The caller must keep {@code callback} reachable while the client lives: JNA frees the
     * native entry point of a collected callback.
     *
     * @param client     a {@code jack_client_t*}, not active
     * @param callback   the process callback
     * @param threadName the Java name of JACK's process thread
     * @return JACK's result: 0 on success
     */
    static int setProcessCallback(long client, ProcessCallback callback, String threadName) {
        Native.setCallbackThreadInitializer(callback, new CallbackThreadInitializer(true, false, threadName));
        return jack_set_process_callback(client, callback, 0);
    }

    /**
     * RT thread (the process callback); allocation-free.
     *
     * @param port    a {@code jack_port_t*}
     * @param nframes the cycle's frames
     * @return the port's buffer for this cycle only
     */
    static long buffer(long port, int nframes) {
        return jack_port_get_buffer(port, nframes);
    }

    /**
     * Copies {@code n} floats to native memory. RT thread; allocation-free.
     *
     * @param address where the first float goes
     * @param src     the floats
     * @param from    the first index in {@code src}
     * @param n       how many
     */
    static void write(long address, float[] src, int from, int n) {
        ABSOLUTE.write(address, src, from, n);
    }

    /**
     * Copies {@code n} floats from native memory. RT thread; allocation-free.
     *
     * @param address where the first float is
     * @param dst     where they go
     * @param from    the first index in {@code dst}
     * @param n       how many
     */
    static void read(long address, float[] dst, int from, int n) {
        ABSOLUTE.read(address, dst, from, n);
    }
}
