package org.aetherdsp.io.driver;

/**
 * Called by a {@link BlockAdapter} on the RT thread just before each engine block, e.g. to
 * hand the block's MIDI events to the nodes. Must not allocate, lock or block.
 */
public interface BlockHook {

    /**
     * @param frame     the block's first frame, counted in device frames from the driver's start
     * @param blockSize frames in the block
     */
    void beforeBlock(long frame, int blockSize);
}
