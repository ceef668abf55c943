package org.aetherdsp.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.aetherdsp.core.poly.VoiceAllocator;
import org.aetherdsp.core.poly.Voices;
import org.aetherdsp.io.midi.MidiFile;
import org.aetherdsp.io.midi.MidiInput;
import org.aetherdsp.io.midi.MidiKeys;

/**
 * {@code aether render PATCH --midi FILE.mid}: plays a standard MIDI file into the patch's voice
 * groups and {@code midi.keys} nodes during an offline render, each message on its frame, so a
 * polyphonic render is reproducible to the sample. Also binds a patch's voice groups to a live
 * MIDI input for {@code aether play}.
 */
final class MidiRender implements OfflineRenderer.BlockListener {

    private final MidiFile file;
    private final MidiInput input;

    private MidiRender(MidiFile file, MidiInput input) {
        this.file = file;
        this.input = input;
    }

    /**
     * Binds the patch's voice groups ({@code "voices"} sections) to {@code input}.
     *
     * @return the number of voices bound
     */
    static int bindVoices(Engine engine, Map<String, Long> ids, MidiInput input) {
        List<VoiceAllocator> allocators = new ArrayList<>();
        int voices = 0;
        for (Voices v : Voices.bindAll(engine, ids)) {
            allocators.add(v.allocator());
            voices += v.count();
        }
        input.playVoices(allocators);
        return voices;
    }

    /**
     * @param midi   the MIDI file
     * @param engine the engine the patch was restored into
     * @param ids    the patch's node handles by id
     * @return the listener to render with
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if it is not a MIDI file, or the patch has nothing that plays notes
     */
    static MidiRender open(Path midi, Engine engine, Map<String, Long> ids) throws IOException {
        MidiFile file = MidiFile.read(midi, engine.sampleRate());
        MidiInput input = new MidiInput(4096);
        int voices = bindVoices(engine, ids, input);
        int keys = 0;
        for (long node : engine.nodes()) {
            if (MidiKeys.TYPE_ID.equals(engine.typeOf(node))) {
                engine.nodeAs(node, MidiKeys.class).listen(input);
                keys++;
            }
        }
        if (voices == 0 && keys == 0) {
            throw new IllegalArgumentException("--midi " + midi + ": the patch has no \"voices\" section and no "
                    + MidiKeys.TYPE_ID + " node to play it");
        }
        return new MidiRender(file, input);
    }

    /** @return the frame just after the file's last message */
    long endFrame() {
        return file.endFrame();
    }

    @Override
    public void beforeBlock(Engine engine, long frame) {
        file.playBlock(input, frame, engine.blockSize());
    }
}
