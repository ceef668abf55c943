package org.aetherdsp.nodes.std;

import java.util.ArrayList;
import java.util.List;

import org.aetherdsp.api.NodeProvider;
import org.aetherdsp.api.NodeType;

/**
 * Contributes the standard node types, grouped by family: {@code SourceNodes},
 * {@code InstrumentNodes}, {@code FilterNodes}, {@code EffectNodes} and {@code UtilityNodes}. Found by
 * {@link java.util.ServiceLoader} on the module path and on the class path.
 */
public final class StdNodeProvider implements NodeProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public StdNodeProvider() {
    }

    @Override
    public List<NodeType> nodeTypes() {
        List<NodeType> all = new ArrayList<>();
        all.addAll(SourceNodes.TYPES);
        all.addAll(InstrumentNodes.TYPES);
        all.addAll(FilterNodes.TYPES);
        all.addAll(EffectNodes.TYPES);
        all.addAll(UtilityNodes.TYPES);
        return List.copyOf(all);
    }
}
