package org.aetherdsp.api;

/**
 * The parameters of one node instance as the node sees them, read-only, indexed in the order
 * of its descriptor's {@link NodeDescriptor#params()}. Nodes should look indices up once (as
 * constants) rather than by id on the RT thread. The engine owns the implementation and moves
 * the values between blocks; to drive a node by hand (a unit test), use the testkit's or the
 * core's host-side implementation.
 */
public interface ParamBlock {

    /**
     * @param index parameter index in descriptor order
     * @return that parameter
     * @throws ArrayIndexOutOfBoundsException if there is no such index
     */
    Param get(int index);

    /** @return how many parameters there are */
    int size();

    /**
     * Looks a parameter up by id. Linear and allocation-free, but meant for the control side
     * and for tests; nodes should use {@link #get(int)}.
     *
     * @param id the parameter id
     * @return its index, or -1 if this block has no such parameter
     */
    default int indexOf(String id) {
        for (int i = 0, n = size(); i < n; i++) {
            if (get(i).spec().id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
