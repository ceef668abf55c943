// Prints every plan that 60 seeded random edit sequences compile (7,200 plans), canonically,
// so that two builds of the plan compiler can be compared: a change meant to keep plans the
// same must print the same text. Each sequence edits an engine through the public API (adds
// of every std node type, connects, feedback connects, host inputs and outputs, disconnects,
// removes, refused edits; one and two workers) and reads Engine.latestPlan() after each edit.
//
//   mvn -q -DskipTests package -pl aether-benchmarks -am
//   java -cp aether-benchmarks/target/benchmarks.jar aether-benchmarks/compare/PlanDump.java > plans-new.txt
//   (the same with the other build's jar) then: cmp plans-old.txt plans-new.txt
//
// Used for the plan compile work of 2026-12-04 (see the benchmarks README): identical before
// and after, 2,234,966 characters.
import java.util.*;
import org.aetherdsp.api.*;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.graph.*;

/** Prints every plan a seeded random edit sequence compiles, canonically, to compare compiler builds. */
public class PlanDump {
    public static void main(String[] a) {
        StringBuilder out = new StringBuilder();
        for (int seed = 1; seed <= 60; seed++) {
            Random r = new Random(seed);
            int workers = seed % 3 == 0 ? 2 : 1;
            Engine e = Engine.builder().outputChannels(2).inputChannels(2).workers(workers).build();
            List<NodeType> types = new ArrayList<>();
            for (NodeType t : e.registry().types()) {
                if (t.id().startsWith("std.") && !t.id().equals("std.record")) types.add(t);
            }
            types.sort(Comparator.comparing(NodeType::id));
            List<Long> live = new ArrayList<>();
            for (int step = 0; step < 120; step++) {
                int op = r.nextInt(100);
                try {
                    if (op < 25 || live.size() < 3) {
                        live.add(e.add(types.get(r.nextInt(types.size())).id()));
                    } else if (op < 60) {
                        long s = live.get(r.nextInt(live.size())), t = live.get(r.nextInt(live.size()));
                        NodeDescriptor sd = e.registry().require(e.typeOf(s)).descriptor(), td = e.registry().require(e.typeOf(t)).descriptor();
                        if (sd.outputCount() == 0 || td.inputCount() == 0) continue;
                        int sp = r.nextInt(sd.outputCount()), tp = r.nextInt(td.inputCount());
                        if (r.nextInt(6) == 0) e.connectFeedback(s, sp, t, tp); else e.connect(s, sp, t, tp);
                    } else if (op < 70) {
                        long s = live.get(r.nextInt(live.size()));
                        NodeDescriptor sd = e.registry().require(e.typeOf(s)).descriptor();
                        if (sd.outputCount() == 0) continue;
                        e.connectOutput(s, r.nextInt(sd.outputCount()), r.nextInt(2));
                    } else if (op < 76) {
                        long t = live.get(r.nextInt(live.size()));
                        NodeDescriptor td = e.registry().require(e.typeOf(t)).descriptor();
                        if (td.inputCount() == 0) continue;
                        e.connectInput(r.nextInt(2), t, r.nextInt(td.inputCount()));
                    } else if (op < 86) {
                        List<Edge> c = e.connections();
                        if (c.isEmpty()) continue;
                        Edge x = c.get(r.nextInt(c.size()));
                        e.disconnect(x.source(), x.sourcePort(), x.target(), x.targetPort());
                    } else if (op < 92) {
                        long n = live.remove(r.nextInt(live.size()));
                        e.remove(n);
                    } else {
                        List<HostOutput> o = e.hostOutputs();
                        if (o.isEmpty()) continue;
                        HostOutput x = o.get(r.nextInt(o.size()));
                        e.disconnectOutput(x.node(), x.port(), x.channel());
                    }
                } catch (GraphException ex) {
                    out.append("refused ").append(ex.getClass().getSimpleName()).append('\n');
                }
                dump(e.latestPlan(), out);
            }
            e.close();
        }
        System.out.print(out);
        System.err.println("chars " + out.length() + " hash " + out.toString().hashCode());
    }

    static void dump(PlanView p, StringBuilder o) {
        o.append("plan n=").append(p.size()).append(" buffers=").append(p.bufferCount()).append(" mixes=").append(p.mixCount()).append('\n');
        for (int i = 0; i < p.size(); i++) {
            o.append(' ').append((int) p.handleAt(i)).append(Arrays.toString(p.inputsAt(i))).append(Arrays.toString(p.outputsAt(i))).append(" m").append(p.mixStart(i));
        }
        o.append('\n');
        for (int m = 0; m < p.mixCount(); m++) o.append(" mix").append(p.mixTarget(m)).append(Arrays.toString(p.mixSources(m)));
        for (int c = 0; c < p.channelCount(); c++) o.append(" ch").append(Arrays.toString(p.channelSources(c)));
        o.append(" clusters=").append(p.clusterCount());
        for (int c = 0; c < p.clusterCount(); c++) {
            o.append(" [").append(p.clusterStart(c));
            for (int w = 0; w < p.waitCount(c); w++) o.append(' ').append(p.waitCluster(c, w)).append('@').append(p.waitPosition(c, w));
            o.append(']');
        }
        o.append('\n');
    }
}
