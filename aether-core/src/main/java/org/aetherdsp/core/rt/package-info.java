/**
 * The RT side runs (internal, not exported): the {@link org.aetherdsp.core.rt.Scheduler}, the
 * plans it runs, the commands it applies and the rings it reads. Every method here runs on the RT
 * thread (or a helper worker in the middle of a block) and never allocates, locks, blocks or does
 * I/O, which the testkit's real-time rules check for the whole package.
 *
 * <p>The exceptions, named in those rules: the methods that fill a plan or a command (and the
 * constructors), which the control side runs on objects the RT thread does not hold at that
 * moment: a plan it has handed back, a command still in the pool. They reach the RT thread
 * through the command ring, whose release/acquire ordering publishes everything written before.
 */
package org.aetherdsp.core.rt;
