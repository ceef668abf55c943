/**
 * WAV files: {@link org.aetherdsp.io.WavWriter} streams non-interleaved float blocks to
 * disk as an offline render produces them; {@link org.aetherdsp.io.WavReader} loads a
 * whole file into a {@link org.aetherdsp.io.WavData}.
 *
 * <p>Nothing here runs on the real-time audio thread: file I/O blocks. The writer's
 * {@code write} path is allocation-free so that an offline render loop, which calls it
 * once per block for minutes of audio, produces no garbage.
 */
package org.aetherdsp.io;
