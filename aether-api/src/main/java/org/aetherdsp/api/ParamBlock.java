package org.aetherdsp.api;

/**
 * The parameters of one node instance, indexed in the order of its descriptor's
 * {@link NodeDescriptor#params()}. Nodes should look indices up once (as constants) rather
 * than by id on the RT thread.
 */
public final class ParamBlock {

    private static final Param[] NONE = new Param[0];

    private final Param[] params;

    /**
     * Creates settled parameters at their defaults for a descriptor.
     *
     * @param descriptor the node's descriptor
     */
    public ParamBlock(NodeDescriptor descriptor) {
        int n = descriptor.params().size();
        this.params = n == 0 ? NONE : new Param[n];
        for (int i = 0; i < n; i++) {
            params[i] = new Param(descriptor.params().get(i));
        }
    }

    /**
     * @param index parameter index in descriptor order
     * @return that parameter
     * @throws ArrayIndexOutOfBoundsException if there is no such index
     */
    public Param get(int index) {
        return params[index];
    }

    /** @return how many parameters there are */
    public int size() {
        return params.length;
    }

    /**
     * Looks a parameter up by id. Linear and allocation-free, but meant for the control side
     * and for tests; nodes should use {@link #get(int)}.
     *
     * @param id the parameter id
     * @return its index, or -1 if this block has no such parameter
     */
    public int indexOf(String id) {
        for (int i = 0; i < params.length; i++) {
            if (params[i].spec().id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Advances every parameter's ramp by {@code frames}. Called by the engine on the RT
     * thread after the node's {@code process}.
     *
     * @param frames frames elapsed
     */
    public void advance(int frames) {
        for (Param p : params) {
            p.advance(frames);
        }
    }
}
