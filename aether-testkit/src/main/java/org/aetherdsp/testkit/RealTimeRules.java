package org.aetherdsp.testkit;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.PackageMatcher;
import com.tngtech.archunit.lang.AbstractClassesTransformer;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;
import org.aetherdsp.core.engine.Engine;
import org.objectweb.asm.Type;

/**
 * Rules that prove code which runs on the real-time (audio) thread does not allocate, lock,
 * block, log or do I/O. A project names its RT entry points; the rule follows every call from
 * them into the checked classes and judges each reachable method twice: with ArchUnit's
 * model (constructor calls, calls to JDK and logging APIs, field reads) and with ASM over its
 * bytecode (array creation, string concatenation, capturing lambdas, {@code synchronized}
 * blocks, which ArchUnit does not see).
 *
 * <pre>{@code
 * JavaClasses classes = new ClassFileImporter().importPackages("org.aetherdsp.core", "org.aetherdsp.api");
 * RealTimeRules.realTimeCode()
 *         .inPackages("org.aetherdsp.core.rt")
 *         .andMethods(Engine.class, "process")
 *         .allowingExceptionConstruction()
 *         .check(classes);
 * RealTimeRules.nodeProcessMethods().check(classes);
 * }</pre>
 * (The first rule, with the plan's control-side methods excepted, is {@link #engineCode()}.)
 *
 * <h2>What runs on the RT thread</h2>
 * The entry points, and every method or constructor of the checked classes they reach through
 * calls, method references and lambda bodies. A call that can dispatch dynamically (an
 * interface or overridable method) reaches every implementation among the checked classes.
 * Calls into classes that were not imported are judged by their target only, not followed:
 * import every package whose code the RT thread runs. Calling a lambda through its
 * {@code java.util.function} interface method is allowed: the lambda's body is checked where
 * it is written, and its creation where it is created.
 *
 * <h2>What is forbidden there</h2>
 * <ul>
 *   <li>allocation: {@code new} (except a {@link Throwable} when
 *       {@link RealTimeCode#allowingExceptionConstruction() allowed}), arrays, boxing
 *       ({@code Integer.valueOf}...), string building (concatenation, {@code StringBuilder},
 *       {@code String.format} and every {@code String} method that makes a new string),
 *       {@code toString()}, capturing lambdas, {@code clone()}, and all of {@code java.util}
 *       (collections, streams, {@code Optional}) except {@code java.util.concurrent.atomic}
 *       (but not its striped adders) and the non-allocating {@code Arrays.fill/equals/hashCode/
 *       mismatch/binarySearch} and {@code Objects.requireNonNull/equals/isNull/nonNull/checkIndex};
 *       also {@code java.time} and buffer factories ({@code ByteBuffer.allocate}...);</li>
 *   <li>reflection: {@code java.lang.reflect}, most of {@code java.lang.Class} and
 *       {@code java.lang.invoke} ({@code VarHandle} and {@code MethodHandle.invokeExact} are
 *       allowed);</li>
 *   <li>locking and blocking: {@code synchronized} methods and blocks, calls to synchronized
 *       JDK methods, {@code java.util.concurrent.locks}, {@code Object.wait},
 *       {@code Thread.sleep/join}, {@code System.gc};</li>
 *   <li>I/O: {@code java.io}, {@code java.nio.channels}, {@code java.nio.file}, {@code java.net},
 *       processes, {@code printStackTrace};</li>
 *   <li>logging: {@code System.out/err}, {@code java.util.logging}, {@code System.Logger},
 *       SLF4J, Log4j, Commons Logging, Logback.</li>
 *   <li>any {@code invokedynamic} other than string concatenation (reported as string
 *       building) and lambdas, for instance a record's generated {@code equals}.</li>
 * </ul>
 * Constructors and static initialisers of the packages named by {@link RealTimeCode#inPackages}
 * are not entry points: objects are built on the control thread. Neither are members the
 * compiler generates there (an enum's {@code values()}, a record's {@code toString()}...),
 * unless real-time code calls them.
 *
 * <h2>Entry points that match nothing</h2>
 * A package with no checked class, a named method that does not exist, or node methods
 * without any {@code DspNode} implementation among the checked classes are reported as
 * violations, so that a misspelt name cannot make the rule pass vacuously.
 *
 * <p>Each violation names the code unit, the path it was reached by, the source line, the
 * reason and the offending call or instruction, for example
 * {@code org.x.Osc.process(float[][], float[][], ParamBlock, ProcessContext) -> Osc.refill(int)
 * line 42: allocates an array (NEWARRAY float)}.
 */
public final class RealTimeRules {

    private RealTimeRules() {
    }

    /**
     * An empty selection of real-time code: name the entry points with
     * {@link RealTimeCode#inPackages}, {@link RealTimeCode#andMethods} or
     * {@link RealTimeCode#andNodeProcessMethods}.
     *
     * @return a selection with no entry points yet
     */
    public static RealTimeCode realTimeCode() {
        return new RealTimeCode(List.of(), Map.of(), Set.of(), false, Map.of());
    }

    /** The engine's real-time package, which its module does not export: its classes are named, not referenced. */
    private static final String RT = "org.aetherdsp.core.rt.";

    /**
     * The engine's own real-time code: every method of {@code org.aetherdsp.core.rt} and
     * {@code Engine.process}, except the methods that fill a plan or a command, which the control
     * thread runs on objects the RT thread does not hold (a plan it has handed back, a command
     * still in the pool): they grow arrays and name bad input in their messages. If RT code
     * called one, it would still be reported. Import {@code org.aetherdsp.core} and
     * {@code org.aetherdsp.api}, plus the nodes the RT thread should be followed into.
     *
     * @return the selection; add {@link RealTimeCode#allowingExceptionConstruction()} for the
     *         engine's fault paths
     */
    public static RealTimeCode engineCode() {
        return realTimeCode()
                .inPackages("org.aetherdsp.core.rt")
                .andMethods(Engine.class, "process")
                .exceptControlMethods(RT + "Plan", "retire", "view")
                .exceptControlMethods(RT + "PlanFill", "begin", "node", "mix", "channel", "feedback", "clusters", "seal",
                        "requireFilling")
                .exceptControlMethods(RT + "FeedbackCopies", "add")
                .exceptControlMethods(RT + "FeedbackLine", "buffer", "preset")
                .exceptControlMethods(RT + "PlanCopy", "of", "ids")
                .exceptControlMethods(RT + "ClusterSchedule", "fill", "check")
                .exceptControlMethods(RT + "SlotIndex", "index")
                .exceptControlMethods(RT + "HostMix", "begin", "check")
                .exceptControlMethods(RT + "ParamChanges", "add")
                .exceptControlMethods(RT + "Command", "change", "event", "events", "startAt", "isScheduled")
                .exceptControlMethods(RT + "TimelineEvents", "write", "writeCurve", "link", "nextOf", "laneOf", "curveStartOf",
                        "curveLengthOf", "drainReturned", "capacity", "curveCapacity")
                .exceptControlMethods(RT + "BlockHandoff", "workerContext");
    }

    /**
     * The {@link DspNode#process} method of every {@code DspNode} implementation among the
     * checked classes, and everything it calls.
     *
     * @return the selection; add {@link RealTimeCode#allowingExceptionConstruction()} to let
     *         a node throw on a fault path
     */
    public static RealTimeCode nodeProcessMethods() {
        return realTimeCode().andNodeProcessMethods();
    }

    /**
     * Every {@code DspNode} method that the RT thread may call: {@link DspNode#process},
     * {@link DspNode#reset}, {@link DspNode#saveState} and {@link DspNode#loadState}, for
     * every implementation among the checked classes.
     *
     * @return the selection
     */
    public static RealTimeCode nodeRealTimeMethods() {
        return realTimeCode().andNodeRealTimeMethods();
    }

    /**
     * The entry points of real-time code and what is allowed there. Immutable: every method
     * returns a new selection.
     */
    public static final class RealTimeCode {

        private static final String PROCESS = descriptor("process", float[][].class, float[][].class,
                ParamBlock.class, ProcessContext.class);
        private static final String RESET = descriptor("reset");
        private static final String SAVE_STATE = descriptor("saveState", StateWriter.class);
        private static final String LOAD_STATE = descriptor("loadState", StateReader.class, int.class);

        private final List<String> packages;
        /** Class name to method names. */
        private final Map<String, List<String>> methods;
        /** Name + descriptor of the DspNode methods that are entry points in every node class. */
        private final Set<String> nodeMethods;
        private final boolean exceptionsAllowed;
        /** Class name to names of its methods that run on the control thread: not entry points. */
        private final Map<String, List<String>> controlMethods;

        private RealTimeCode(List<String> packages, Map<String, List<String>> methods, Set<String> nodeMethods,
                             boolean exceptionsAllowed, Map<String, List<String>> controlMethods) {
            this.packages = packages;
            this.methods = methods;
            this.nodeMethods = nodeMethods;
            this.exceptionsAllowed = exceptionsAllowed;
            this.controlMethods = controlMethods;
        }

        /**
         * Makes every method of every class in these packages an entry point (constructors and
         * static initialisers excepted: objects are built on the control thread).
         *
         * @param packageIdentifiers ArchUnit package identifiers: {@code "org.x.rt"} is that
         *                           package only, {@code "org.x.rt.."} includes subpackages
         * @return the extended selection
         */
        public RealTimeCode inPackages(String... packageIdentifiers) {
            List<String> p = new ArrayList<>(packages);
            p.addAll(List.of(packageIdentifiers));
            return new RealTimeCode(List.copyOf(p), methods, nodeMethods, exceptionsAllowed, controlMethods);
        }

        /**
         * Makes methods entry points, every overload of each name.
         *
         * @param owner       the class declaring them
         * @param methodNames their names
         * @return the extended selection
         */
        public RealTimeCode andMethods(Class<?> owner, String... methodNames) {
            return andMethods(owner.getName(), methodNames);
        }

        /**
         * Makes methods entry points, every overload of each name.
         *
         * @param ownerName   the binary name of the class declaring them ({@code org.x.Outer$Inner})
         * @param methodNames their names
         * @return the extended selection
         */
        public RealTimeCode andMethods(String ownerName, String... methodNames) {
            Map<String, List<String>> m = new LinkedHashMap<>(methods);
            List<String> names = new ArrayList<>(m.getOrDefault(ownerName, List.of()));
            names.addAll(List.of(methodNames));
            m.put(ownerName, List.copyOf(names));
            return new RealTimeCode(packages, Map.copyOf(m), nodeMethods, exceptionsAllowed, controlMethods);
        }

        /**
         * Names methods of a class in an {@link #inPackages entry package} that run on the
         * control thread, not the RT thread (every overload of each name): they stop being entry
         * points, as constructors are. They are still checked wherever real-time code calls
         * them. For a real-time object that the control thread refills between uses, such as a
         * plan it recycles. A name that matches no method is reported as a violation.
         *
         * @param owner       the class declaring them
         * @param methodNames their names
         * @return the narrowed selection
         */
        public RealTimeCode exceptControlMethods(Class<?> owner, String... methodNames) {
            return exceptControlMethods(owner.getName(), methodNames);
        }

        /**
         * {@link #exceptControlMethods(Class, String...)} for a class named by its binary name,
         * such as one in a package its module does not export.
         *
         * @param ownerName   the binary name of the class declaring them
         * @param methodNames their names
         * @return the narrowed selection
         */
        public RealTimeCode exceptControlMethods(String ownerName, String... methodNames) {
            Map<String, List<String>> m = new LinkedHashMap<>(controlMethods);
            List<String> names = new ArrayList<>(m.getOrDefault(ownerName, List.of()));
            names.addAll(List.of(methodNames));
            m.put(ownerName, List.copyOf(names));
            return new RealTimeCode(packages, methods, nodeMethods, exceptionsAllowed, Map.copyOf(m));
        }

        /**
         * Makes {@link DspNode#process} of every {@code DspNode} implementation among the
         * checked classes an entry point.
         *
         * @return the extended selection
         */
        public RealTimeCode andNodeProcessMethods() {
            return withNodeMethods(Set.of(PROCESS));
        }

        /**
         * Makes {@link DspNode#process}, {@link DspNode#reset}, {@link DspNode#saveState} and
         * {@link DspNode#loadState} of every {@code DspNode} implementation among the checked
         * classes entry points: the methods the RT thread may call.
         *
         * @return the extended selection
         */
        public RealTimeCode andNodeRealTimeMethods() {
            return withNodeMethods(Set.of(PROCESS, RESET, SAVE_STATE, LOAD_STATE));
        }

        /**
         * Lets real-time code construct (and throw) {@link Throwable}s: a fault path that
         * throws is caught by the engine and bypasses the node. The message must not be built
         * on the RT thread: concatenation, {@code String.format} and the like are still
         * violations, so use a constant. The constructors of checked Throwable classes are
         * followed and checked.
         *
         * @return the selection with exception construction allowed
         */
        public RealTimeCode allowingExceptionConstruction() {
            return new RealTimeCode(packages, methods, nodeMethods, true, controlMethods);
        }

        /**
         * @return these rules as an ArchUnit rule, for {@code @ArchTest} fields,
         *         {@code evaluate}, {@code because} or freezing
         */
        public ArchRule asArchRule() {
            RealTimeCode selection = this;
            AbstractClassesTransformer<Item> reachable =
                    new AbstractClassesTransformer<>("code reachable from " + entryDescription()) {
                        @Override
                        public Iterable<Item> doTransform(JavaClasses classes) {
                            return selection.items(classes);
                        }
                    };
            String allowed = exceptionsAllowed ? " (constructing exceptions allowed)" : "";
            ArchCondition<Item> realTimeSafe =
                    new ArchCondition<>("not allocate, lock, block, log or do I/O" + allowed) {
                        @Override
                        public void check(Item item, ConditionEvents events) {
                            item.check(events);
                        }
                    };
            return ArchRuleDefinition.all(reachable).should(realTimeSafe);
        }

        /**
         * Checks the classes and fails with every violation.
         *
         * @param classes the imported classes: the entry points and everything they call
         * @throws AssertionError listing the violations, if there are any
         */
        public void check(JavaClasses classes) {
            asArchRule().check(classes);
        }

        private RealTimeCode withNodeMethods(Set<String> more) {
            Set<String> all = new HashSet<>(nodeMethods);
            all.addAll(more);
            return new RealTimeCode(packages, methods, Set.copyOf(all), exceptionsAllowed, controlMethods);
        }

        private String entryDescription() {
            List<String> parts = new ArrayList<>();
            if (!packages.isEmpty()) {
                parts.add("the methods in packages " + packages);
            }
            methods.forEach((owner, names) -> parts.add(owner + "." + String.join("/", names)));
            if (!nodeMethods.isEmpty()) {
                parts.add(nodeMethods.size() == 1 ? "DspNode.process of every node"
                        : "DspNode.process/reset/saveState/loadState of every node");
            }
            return parts.isEmpty() ? "no entry points" : String.join(", ", parts);
        }

        /** The reachable code units and the entry points that could not be found. */
        private List<Item> items(JavaClasses classes) {
            CallGraph graph = new CallGraph(classes, exceptionsAllowed);
            BytecodeScan scan = new BytecodeScan();
            List<Item> items = new ArrayList<>();
            List<JavaCodeUnit> entries = entryPoints(classes, graph, scan, items);
            for (CallGraph.Reached r : graph.reach(entries)) {
                items.add(new Item(r, null, graph, scan, exceptionsAllowed));
            }
            return items;
        }

        private List<JavaCodeUnit> entryPoints(JavaClasses classes, CallGraph graph, BytecodeScan scan,
                                               List<Item> problems) {
            Map<String, JavaCodeUnit> entries = new TreeMap<>();
            for (String identifier : packages) {
                PackageMatcher matcher = PackageMatcher.of(identifier);
                boolean any = false;
                for (JavaClass c : classes) {
                    if (matcher.matches(c.getPackageName())) {
                        any = true;
                        List<String> control = controlMethods.getOrDefault(c.getName(), List.of());
                        for (JavaMethod m : c.getMethods()) {
                            if (!isGenerated(m, scan) && !control.contains(m.getName())) {
                                addEntry(m, entries);
                            }
                        }
                    }
                }
                if (!any) {
                    problems.add(problem("no checked class resides in package '" + identifier + "'"));
                }
            }
            for (Map.Entry<String, List<String>> e : methods.entrySet()) {
                if (!classes.contain(e.getKey())) {
                    problems.add(problem("entry point class " + e.getKey() + " is not among the checked classes"));
                    continue;
                }
                JavaClass owner = classes.get(e.getKey());
                for (String name : e.getValue()) {
                    boolean any = false;
                    for (JavaMethod m : owner.getMethods()) {
                        if (m.getName().equals(name)) {
                            any = true;
                            addEntry(m, entries);
                        }
                    }
                    if (!any) {
                        problems.add(problem("entry point " + Names.sourceName(owner) + "." + name
                                + " is not a method declared there"));
                    }
                }
            }
            for (Map.Entry<String, List<String>> e : controlMethods.entrySet()) {
                for (String name : e.getValue()) {
                    boolean declared = classes.contain(e.getKey())
                            && classes.get(e.getKey()).getMethods().stream().anyMatch(m -> m.getName().equals(name));
                    if (!declared) {
                        problems.add(problem("control method " + e.getKey() + "." + name
                                + " is not a method declared among the checked classes"));
                    }
                }
            }
            if (!nodeMethods.isEmpty()) {
                List<JavaClass> nodes = graph.subtypesOf(DspNode.class.getName());
                if (nodes.isEmpty()) {
                    problems.add(problem("no DspNode implementation is among the checked classes"));
                }
                for (JavaClass c : nodes) {
                    for (JavaMethod m : c.getMethods()) {
                        if (nodeMethods.contains(m.getName() + m.getDescriptor())) {
                            addEntry(m, entries);
                        }
                    }
                }
            }
            return new ArrayList<>(entries.values());
        }

        /**
         * Members the compiler writes: bridges, an enum's {@code values()} and
         * {@code valueOf(String)}, a record's {@code equals}, {@code hashCode} and
         * {@code toString} when not written by hand. They are checked when real-time code
         * calls them, but are not entry points by living in a package.
         */
        private static boolean isGenerated(JavaMethod m, BytecodeScan scan) {
            Set<JavaModifier> modifiers = m.getModifiers();
            if (modifiers.contains(JavaModifier.SYNTHETIC) || modifiers.contains(JavaModifier.BRIDGE)) {
                return true;
            }
            JavaClass owner = m.getOwner();
            String signature = m.getName() + m.getDescriptor();
            if (owner.isEnum()) {
                return signature.equals("values()[L" + owner.getName().replace('.', '/') + ";")
                        || signature.equals("valueOf(Ljava/lang/String;)L" + owner.getName().replace('.', '/') + ";");
            }
            return owner.isRecord() && scan.isGeneratedRecordMethod(m);
        }

        private static void addEntry(JavaMethod m, Map<String, JavaCodeUnit> entries) {
            if (!m.getModifiers().contains(JavaModifier.ABSTRACT)) {
                entries.put(m.getFullName(), m);
            }
        }

        private static Item problem(String message) {
            return new Item(null, message, null, null, false);
        }

        private static String descriptor(String name, Class<?>... parameters) {
            try {
                return name + Type.getMethodDescriptor(DspNode.class.getMethod(name, parameters));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("DspNode has no method " + name, e);
            }
        }
    }

    /** One thing the rule judges: a reachable code unit, or an entry point that is missing. */
    private static final class Item {
        private final CallGraph.Reached reached;
        private final String problem;
        private final CallGraph graph;
        private final BytecodeScan scan;
        private final boolean exceptionsAllowed;

        Item(CallGraph.Reached reached, String problem, CallGraph graph, BytecodeScan scan,
             boolean exceptionsAllowed) {
            this.reached = reached;
            this.problem = problem;
            this.graph = graph;
            this.scan = scan;
            this.exceptionsAllowed = exceptionsAllowed;
        }

        void check(ConditionEvents events) {
            if (reached == null) {
                events.add(SimpleConditionEvent.violated(problem, problem));
                return;
            }
            JavaCodeUnit unit = reached.unit();
            // A set: a finally block is compiled twice, so its calls are found twice on one line.
            Set<Finding> findings =
                    new LinkedHashSet<>(ForbiddenCalls.findings(unit, exceptionsAllowed, graph::isChecked));
            Optional<List<Finding>> bytecode = scan.findings(unit);
            if (bytecode.isPresent()) {
                findings.addAll(bytecode.get());
            } else {
                findings.add(new Finding(0, Hazard.UNVERIFIABLE, "class file of " + unit.getOwner().getName()
                        + " not found: arrays, string concatenation, lambdas and synchronized blocks unchecked"));
            }
            List<Finding> byLine = new ArrayList<>(findings);
            byLine.sort(Comparator.comparingInt(Finding::line));
            String path = reached.path();
            for (Finding f : byLine) {
                String line = f.line() > 0 ? " line " + f.line() : "";
                events.add(SimpleConditionEvent.violated(unit,
                        path + line + ": " + f.hazard().text + " (" + f.detail() + ")"));
            }
        }

        @Override
        public String toString() {
            return reached == null ? problem : reached.path();
        }
    }
}
