package com.acme.tremolo;

import java.util.List;
import org.aetherdsp.api.NodeProvider;
import org.aetherdsp.api.NodeType;

/**
 * The node types of this plugin. The engine finds this class through {@code provides} in
 * {@code module-info.java} (module path, plugin folder) or through
 * {@code META-INF/services/org.aetherdsp.api.NodeProvider} (class path), and calls
 * {@link #nodeTypes()} once, on the control thread.
 */
public final class AcmeNodes implements NodeProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} needs a public no-argument constructor. */
    public AcmeNodes() {
    }

    @Override
    public List<NodeType> nodeTypes() {
        return List.of(
                NodeType.of(Tremolo.ID, Tremolo.DESCRIPTOR, Tremolo::new),
                NodeType.of(Bitcrusher.ID, Bitcrusher.DESCRIPTOR, Bitcrusher::new));
    }
}
