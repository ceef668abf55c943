package org.aetherdsp.io.driver;

/**
 * Observes a driver's RT thread at the edges of each callback, e.g. to count the bytes it
 * allocates. Both methods are called on the RT thread and must not allocate, lock or block.
 */
public interface CallbackProbe {

    /** A probe that does nothing. */
    CallbackProbe NONE = new CallbackProbe() {
        @Override
        public void enter() {
        }

        @Override
        public void exit() {
        }
    };

    /** Called first thing in the callback, before any of the driver's own work. */
    void enter();

    /** Called last thing in the callback, after the driver's work. */
    void exit();
}
