/**
 * The host side of node parameters: {@link org.aetherdsp.core.param.SmoothedParam} and
 * {@link org.aetherdsp.core.param.SmoothedParams} implement the read-only views a node gets
 * ({@link org.aetherdsp.api.Param}, {@link org.aetherdsp.api.ParamBlock}) and add the
 * operations that move them.
 *
 * <p>Threads: the engine's RT thread moves them between blocks; before a node joins a
 * graph, the control thread may set them (a patch's initial values). A test that drives a
 * node by hand is its own RT thread.
 */
package org.aetherdsp.core.param;
