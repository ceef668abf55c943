package org.aetherdsp.api;

import java.util.List;

/**
 * The service a plugin provides to contribute node types, found with
 * {@link java.util.ServiceLoader}: declare it with
 * {@code provides org.aetherdsp.api.NodeProvider with my.Provider;} in
 * {@code module-info.java} (module path) and in
 * {@code META-INF/services/org.aetherdsp.api.NodeProvider} (class path).
 *
 * <p>Implementations need a public no-argument constructor. {@link #nodeTypes()} is called
 * once, on the control thread, when the engine's registry is built.
 */
public interface NodeProvider {

    /** @return the node types this provider contributes; ids must be unique across all providers */
    List<NodeType> nodeTypes();
}
