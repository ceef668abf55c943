package org.aetherdsp.cli;

import java.util.List;
import java.util.Random;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.core.engine.Engine;

/**
 * Random parameter automation over any set of nodes: each call picks a node and one of its
 * parameters and ramps it to a random value inside the parameter's range. Allocation-free
 * per call once built (the descriptors are looked up up front).
 */
final class RandomAutomation {

    private final long[] nodes;
    private final List<ParamSpec>[] params;
    private final Random random;

    @SuppressWarnings("unchecked")
    RandomAutomation(Engine engine, long[] nodes, long seed) {
        this.nodes = nodes.clone();
        this.params = new List[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            params[i] = engine.registry().require(engine.typeOf(nodes[i])).descriptor().params();
        }
        this.random = new Random(seed);
    }

    /** Sends one random in-range ramp of up to 50 ms; returns false if the drawn node has no params. */
    boolean step(Engine engine) {
        int n = random.nextInt(nodes.length);
        List<ParamSpec> specs = params[n];
        if (specs.isEmpty()) {
            return false;
        }
        ParamSpec p = specs.get(random.nextInt(specs.size()));
        float value = p.min() + (p.max() - p.min()) * random.nextFloat();
        engine.setParam(nodes[n], p.id(), Math.min(p.max(), value), random.nextFloat() * 50f);
        return true;
    }
}
