/**
 * The engine's public face: {@link org.aetherdsp.core.engine.Engine} and what it hands out
 * (batches, statistics, fault reports, snapshot requests, the frame-stamped event port), node
 * type discovery ({@link org.aetherdsp.core.engine.NodeRegistry}, plugin folders) and offline
 * rendering. Behind the facade, package-private: the graph editor and its transactions, the
 * command port, snapshots, the fault log and the telemetry. The facade itself is three
 * classes by responsibility, seen by users as one: {@code Engine} (processing, edits,
 * snapshots, closing), {@code EngineQueries} (its wiring, configuration getters, graph
 * queries, statistics and faults) and {@code EngineOptions} (what {@code Engine.Builder}
 * sets).
 *
 * <p>Threads: {@code Engine.process} is the RT thread's entry; every other public method is
 * control side, callable from any thread and serialised on the engine's lock (an open batch keeps
 * it), except the ones whose Javadoc says "any thread, no lock" ({@code stats()}, the
 * configuration getters, the helper queries).
 */
package org.aetherdsp.core.engine;
