/**
 * Real-time safety checks ({@link org.aetherdsp.testkit.RealTimeRules}), a node conformance
 * suite ({@link org.aetherdsp.testkit.NodeConformance}) and allocation measurement
 * ({@link org.aetherdsp.testkit.AllocationProbe}).
 */
package org.aetherdsp.testkit;
