package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateWriter;
import org.aetherdsp.core.engine.EditBatch;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.SnapshotRequest;
import org.junit.jupiter.api.Test;

class SnapshotRequestTest {

    /** Counts frames; its state is the count. */
    static final class Counter implements DspNode {
        long frames;
        boolean failSave;

        @Override
        public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext ctx) {
            for (int i = 0; i < ctx.blockSize(); i++) {
                out[0][i] = frames++;
            }
        }

        @Override
        public int stateSize() {
            return 8;
        }

        @Override
        public void saveState(StateWriter w) {
            if (failSave) {
                throw new IllegalStateException("cannot save");
            }
            w.writeLong(frames);
        }

        @Override
        public void loadState(org.aetherdsp.api.StateReader r, int version) {
            frames = r.readLong();
        }
    }

    private static Engine engine() {
        return Engine.builder().discoverNodeTypes(false)
                .nodeType(NodeType.of("test.counter", NodeDescriptor.builder("Counter").output("out").build(), Counter::new))
                .build();
    }

    @Test
    void statesAreCapturedAtTheNextBlockBoundaryWithItsPosition() throws Exception {
        Engine e = engine();
        long c = e.add("test.counter");
        e.connectOutput(c, 0, 0);
        float[][] host = new float[2][64];
        for (int i = 0; i < 10; i++) {
            e.process(host);
        }
        SnapshotRequest r = e.requestSnapshot();
        assertFalse(r.isDone(), "nothing is captured until a block is processed");
        e.process(host);
        GraphSnapshot s = r.get(Duration.ofSeconds(1));
        assertEquals(640, s.samplePosition());
        assertEquals(640L, s.nodes().get(0).state().reader().readLong());
        Engine b = Engine.builder().discoverNodeTypes(false).startingFrom(s)
                .nodeType(NodeType.of("test.counter", NodeDescriptor.builder("Counter").output("out").build(), Counter::new))
                .build();
        b.restore(s);
        float[][] out = new float[2][64];
        b.process(out);
        assertEquals(640f, out[0][0], "continues from the saved count");
    }

    @Test
    void waitingWithoutAnRtThreadTimesOutWithAClearMessage() {
        Engine e = engine();
        e.add("test.counter");
        SnapshotRequest r = e.requestSnapshot();
        TimeoutException t = assertThrows(TimeoutException.class, () -> r.get(Duration.ofMillis(50)));
        assertTrue(t.getMessage().contains("Engine.process()"), t.getMessage());
    }

    @Test
    void aNodeThatCannotSaveIsNamedAndTheRtThreadCarriesOn() {
        Engine e = engine();
        long c = e.add("test.counter");
        e.nodeAs(c, Counter.class).failSave = true;
        SnapshotRequest r = e.requestSnapshot();
        e.process(new float[2][64]);
        IllegalStateException x = assertThrows(IllegalStateException.class, () -> r.get(Duration.ofSeconds(1)));
        assertTrue(x.getMessage().contains("test.counter") && x.getMessage().contains("cannot save"), x.getMessage());
        e.process(new float[2][64]);
        assertEquals(2, e.stats().blocks());
    }

    @Test
    void aSnapshotCannotBeTakenInsideABatch() {
        Engine e = engine();
        try (EditBatch b = e.beginBatch()) {
            assertThrows(IllegalStateException.class, e::requestSnapshot);
        }
    }
}
