package org.aetherdsp.io.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RealtimeSchedulingTest {

    @Test
    void aPriorityOutsideOneTo99IsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RealtimeScheduling.setFifo(0));
        assertEquals("SCHED_FIFO priority must be within 1..99, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RealtimeScheduling.setFifo(100));
    }

    @Test
    void switchesOnlyTheCallingThread() throws Exception {
        AtomicReference<String> refused = new AtomicReference<>();
        AtomicReference<Boolean> fifoAfter = new AtomicReference<>();
        Thread t = new Thread(() -> {
            refused.set(RealtimeScheduling.setFifo(10));
            fifoAfter.set(RealtimeScheduling.isFifo());
        }, "fifo-candidate");
        t.start();
        t.join();
        assertFalse(RealtimeScheduling.isFifo(), "the test's own thread keeps ordinary scheduling");
        if (refused.get() == null) {
            assertTrue(fifoAfter.get(), "setFifo reported success, so the thread must run under SCHED_FIFO");
        } else {
            // Without the privilege the call must say why, not pretend. CI runs as root, where it must work.
            assertTrue(refused.get().startsWith("sched_setscheduler(SCHED_FIFO, 10) failed"), refused.get());
            assertFalse(fifoAfter.get());
            assertNull(System.getenv("AETHER_REQUIRE_AUDIO"), "CI (root) must get SCHED_FIFO: " + refused.get());
        }
    }
}
