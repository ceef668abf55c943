/**
 * The graph builds (internal, not exported): the control side's graph model
 * ({@link org.aetherdsp.core.model.GraphModel}, validating every edit before it changes anything)
 * and the {@link org.aetherdsp.core.model.PlanCompiler}, which compiles the model into the flat
 * plans the RT thread runs: topological order, buffers by liveness, fan-in sums, and for several
 * workers the cluster schedule.
 *
 * <p>Threads: the control side only, under the engine's lock. Nothing here runs on the RT
 * thread; the plans it fills are handed over through the command ring once sealed.
 */
package org.aetherdsp.core.model;
