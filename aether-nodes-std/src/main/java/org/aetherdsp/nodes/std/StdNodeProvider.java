package org.aetherdsp.nodes.std;

import java.util.List;

import org.aetherdsp.api.NodeProvider;
import org.aetherdsp.api.NodeType;

/**
 * Contributes the standard node types: {@value SineOscillator#TYPE_ID},
 * {@value SawOscillator#TYPE_ID}, {@value Gain#TYPE_ID} and {@value Mixer#TYPE_ID}.
 * Found by {@link java.util.ServiceLoader} on the module path and on the class path.
 */
public final class StdNodeProvider implements NodeProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public StdNodeProvider() {
    }

    @Override
    public List<NodeType> nodeTypes() {
        return List.of(
                NodeType.of(SineOscillator.TYPE_ID, SineOscillator.DESCRIPTOR, SineOscillator::new),
                NodeType.of(SawOscillator.TYPE_ID, SawOscillator.DESCRIPTOR, SawOscillator::new),
                NodeType.of(Gain.TYPE_ID, Gain.DESCRIPTOR, Gain::new),
                NodeType.of(Mixer.TYPE_ID, Mixer.DESCRIPTOR, Mixer::new));
    }
}
