package org.aetherdsp.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DescriptorAndStateTest {

    @Test
    void descriptorIndexesParamsAndCountsPorts() {
        NodeDescriptor d = NodeDescriptor.builder("Osc").input("fm").input("pm").output("out")
                .param(ParamSpec.of("freq", 0f, 20_000f, 440f, "Hz", 20f))
                .param(ParamSpec.of("amp", 0f, 1f, 1f, "", 20f))
                .build();
        assertEquals(2, d.inputCount());
        assertEquals(1, d.outputCount());
        assertEquals(1, d.paramIndex("amp"));
        assertEquals(-1, d.paramIndex("nope"));
        assertEquals(440f, d.params().get(d.paramIndex("freq")).defaultValue());
    }

    @Test
    void duplicateParamIdIsRejectedNamingIt() {
        NodeDescriptor.Builder b = NodeDescriptor.builder("X")
                .param(ParamSpec.of("gain", 0f, 1f, 1f, "", 0f))
                .param(ParamSpec.of("gain", 0f, 1f, 1f, "", 0f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("gain"), e.getMessage());
    }

    @Test
    void nodeTypeIdMustBeNamespaced() {
        NodeDescriptor d = NodeDescriptor.builder("X").build();
        assertThrows(IllegalArgumentException.class, () -> NodeType.of("sine", d, () -> null));
        assertThrows(IllegalArgumentException.class, () -> NodeType.of("Std.Sine", d, () -> null));
        assertEquals("std.osc.sine", NodeType.of("std.osc.sine", d, () -> null).id());
        assertThrows(IllegalStateException.class, () -> NodeType.of("a.b", d, () -> null).create());
        assertEquals("lv2:http://lv2plug.in/plugins/eg-amp", NodeType.of("lv2:http://lv2plug.in/plugins/eg-amp", d, () -> null).id());
        assertEquals("lv2:urn:acme:amp#2", NodeType.of("lv2:urn:acme:amp#2", d, () -> null).id());
        assertThrows(IllegalArgumentException.class, () -> NodeType.of("lv2:not a uri", d, () -> null));
        assertThrows(IllegalArgumentException.class, () -> NodeType.of("lv2:noscheme", d, () -> null));
        assertThrows(IllegalArgumentException.class, () -> NodeType.of("LV2:http://x.org/p", d, () -> null));
        assertThrows(IllegalArgumentException.class, () -> NodeType.of("lv2:http://x.org/\"p\"", d, () -> null));
    }

    @Test
    void stateBufferRoundTripsEveryType() {
        StateBuffer b = new StateBuffer(64);
        b.writeInt(-7);
        b.writeLong(Long.MIN_VALUE + 3);
        b.writeFloat(0.25f);
        b.writeDouble(Math.PI);
        b.writeBoolean(true);
        b.writeFloats(new float[] {1f, 2f, 3f}, 1, 2);
        StateBuffer r = StateBuffer.wrapCopy(b.toByteArray());
        assertEquals(-7, r.readInt());
        assertEquals(Long.MIN_VALUE + 3, r.readLong());
        assertEquals(0.25f, r.readFloat());
        assertEquals(Math.PI, r.readDouble());
        assertTrue(r.readBoolean());
        float[] f = new float[2];
        r.readFloats(f, 0, 2);
        assertArrayEquals(new float[] {2f, 3f}, f);
        assertEquals(0, r.remaining());
        assertThrows(IllegalStateException.class, r::readInt);
    }

    @Test
    void writingPastCapacityThrowsInsteadOfGrowing() {
        StateBuffer b = new StateBuffer(6);
        b.writeInt(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.writeInt(2));
        assertTrue(e.getMessage().contains("overflow"), e.getMessage());
        assertEquals(4, b.size());
    }

    @Test
    void processContextValidatesItsValues() {
        assertThrows(IllegalArgumentException.class, () -> ProcessContext.of(0f, 64, 0));
        assertThrows(IllegalArgumentException.class, () -> ProcessContext.of(48_000f, 0, 0));
        assertEquals(64, ProcessContext.of(48_000f, 64, 0).blockSize());
    }

    @Test
    void aModeParameterNamesEachOfItsValues() {
        ParamSpec mode = ParamSpec.of("mode", 0f, 2f, 0f, "", 0f).withChoices("lowpass", "highpass", "bandpass");
        assertEquals(java.util.List.of("lowpass", "highpass", "bandpass"), mode.choices());
        assertEquals(1f, mode.choiceValue("highpass"));
        assertTrue(Float.isNaN(mode.choiceValue("notch")));
        assertEquals("bandpass", mode.choiceName(2f));
        assertEquals("highpass", mode.choiceName(1.2f));
        assertEquals(null, ParamSpec.of("gain", 0f, 1f, 1f, "", 0f).choiceName(0.5f));
        assertTrue(ParamSpec.of("gain", 0f, 1f, 1f, "", 0f).choices().isEmpty());
    }

    @Test
    void choiceNamesMustCoverTheRangeExactly() {
        ParamSpec base = ParamSpec.of("mode", 0f, 2f, 0f, "", 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> base.withChoices("a", "b"));
        assertTrue(e.getMessage().contains("2 choice names for the range [0.0, 2.0]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> base.withChoices("a", "b", "a"));
        assertThrows(IllegalArgumentException.class, () -> base.withChoices("a", "b", "two words"));
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.of("x", 0f, 1.5f, 0f, "", 0f).withChoices("a", "b"));
    }
}
