/**
 * The Aether plugin API: everything a node author needs and nothing else.
 *
 * <p>A plugin module {@code requires org.aetherdsp.api} and
 * {@code provides org.aetherdsp.api.NodeProvider with ...}. This module has no
 * dependencies, so depending on it drags nothing else onto a plugin's module path.
 */
module org.aetherdsp.api {
    exports org.aetherdsp.api;
}
