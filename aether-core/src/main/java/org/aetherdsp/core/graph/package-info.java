/**
 * The graph's public vocabulary: the typed exceptions every rejected edit throws (all extend
 * {@link org.aetherdsp.core.graph.GraphException}), connections ({@link org.aetherdsp.core.graph.Edge},
 * {@link org.aetherdsp.core.graph.HostOutput}), the copied view of a compiled plan
 * ({@link org.aetherdsp.core.graph.PlanView}), and {@link org.aetherdsp.core.graph.UserText}, the one
 * way messages quote user input.
 *
 * <p>Threads: values and exceptions, made and thrown on the control side; immutable, so any
 * thread may read them.
 */
package org.aetherdsp.core.graph;
