package org.aetherdsp.testkit;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.aetherdsp.testkit.RealTimeRules.RealTimeCode;
import org.aetherdsp.testkit.fixtures.rtrefill.RecycledTable;
import org.aetherdsp.testkit.fixtures.AllocatingLambdaBodyNode;
import org.aetherdsp.testkit.fixtures.AllocatingResetNode;
import org.aetherdsp.testkit.fixtures.ArrayListNode;
import org.aetherdsp.testkit.fixtures.BoxingNode;
import org.aetherdsp.testkit.fixtures.CapturingLambdaNode;
import org.aetherdsp.testkit.fixtures.CleanNode;
import org.aetherdsp.testkit.fixtures.ClippingShaper;
import org.aetherdsp.testkit.fixtures.DeepHelperNode;
import org.aetherdsp.testkit.fixtures.FaultCauseNode;
import org.aetherdsp.testkit.fixtures.FileNode;
import org.aetherdsp.testkit.fixtures.JulLoggingNode;
import org.aetherdsp.testkit.fixtures.LockNode;
import org.aetherdsp.testkit.fixtures.MultiDimArrayNode;
import org.aetherdsp.testkit.fixtures.NewFloatArrayNode;
import org.aetherdsp.testkit.fixtures.NewObjectArrayNode;
import org.aetherdsp.testkit.fixtures.NewObjectNode;
import org.aetherdsp.testkit.fixtures.OptionalNode;
import org.aetherdsp.testkit.fixtures.OversamplingShaper;
import org.aetherdsp.testkit.fixtures.RecordEqualsNode;
import org.aetherdsp.testkit.fixtures.ReflectionNode;
import org.aetherdsp.testkit.fixtures.Shaper;
import org.aetherdsp.testkit.fixtures.ShaperNode;
import org.aetherdsp.testkit.fixtures.SleepNode;
import org.aetherdsp.testkit.fixtures.StatefulNode;
import org.aetherdsp.testkit.fixtures.StreamNode;
import org.aetherdsp.testkit.fixtures.StreamWriteNode;
import org.aetherdsp.testkit.fixtures.StringConcatNode;
import org.aetherdsp.testkit.fixtures.StringFormatNode;
import org.aetherdsp.testkit.fixtures.SynchronizedBlockNode;
import org.aetherdsp.testkit.fixtures.SynchronizedMethodNode;
import org.aetherdsp.testkit.fixtures.SystemOutNode;
import org.aetherdsp.testkit.fixtures.ThrowingConcatNode;
import org.aetherdsp.testkit.fixtures.ThrowingConstantNode;
import org.aetherdsp.testkit.fixtures.ToStringNode;
import org.aetherdsp.testkit.fixtures.WaitNode;
import org.aetherdsp.testkit.fixtures.dsp.Kernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fixture in {@code fixtures} is a node whose {@code process} does one forbidden thing;
 * the rules must name that thing, where it happens and how it was reached.
 */
class RealTimeRulesTest {

    private static final String PROCESS = ".process(float[][], float[][], ParamBlock, ProcessContext)";

    static Stream<Arguments> fixtures() {
        return Stream.of(
                // fixture, reason, offending call or instruction, violations in all
                Arguments.of(NewObjectNode.class, "constructs an object", "new java.lang.Object()", 1),
                Arguments.of(NewFloatArrayNode.class, "allocates an array", "NEWARRAY float", 1),
                Arguments.of(NewObjectArrayNode.class, "allocates an array", "ANEWARRAY java.lang.Object", 1),
                Arguments.of(MultiDimArrayNode.class, "allocates an array", "MULTIANEWARRAY float[][], 2 dimensions", 1),
                Arguments.of(BoxingNode.class, "boxes a primitive", "java.lang.Integer.valueOf(int)", 1),
                Arguments.of(StringConcatNode.class, "builds a string",
                        "string concatenation, INVOKEDYNAMIC StringConcatFactory.makeConcatWithConstants", 1),
                // String.format also boxes its argument into a new Object[].
                Arguments.of(StringFormatNode.class, "builds a string", "java.lang.String.format(String, Object[])", 3),
                Arguments.of(ToStringNode.class, "calls toString()", "java.lang.Object.toString()", 1),
                Arguments.of(ArrayListNode.class, "calls an allocating JDK API", "java.util.List.add(Object)", 1),
                // IntStream.range and IntStream.sum.
                Arguments.of(StreamNode.class, "uses a stream", "java.util.stream.IntStream.range(int, int)", 2),
                // Optional.ofNullable and Optional.isPresent.
                Arguments.of(OptionalNode.class, "uses Optional", "java.util.Optional.ofNullable(Object)", 2),
                Arguments.of(SynchronizedMethodNode.class, "is a synchronized method", "declared synchronized", 1),
                Arguments.of(SynchronizedBlockNode.class, "enters a synchronized block", "MONITORENTER", 1),
                // lock() and unlock().
                Arguments.of(LockNode.class, "uses a lock", "java.util.concurrent.locks.ReentrantLock.lock()", 2),
                Arguments.of(WaitNode.class, "blocks the thread", "java.lang.Object.wait(long)", 1),
                Arguments.of(SleepNode.class, "blocks the thread", "java.lang.Thread.sleep(long)", 1),
                // Files.exists also allocates its varargs LinkOption[].
                Arguments.of(FileNode.class, "does I/O", "java.nio.file.Files.exists(Path, LinkOption[])", 2),
                Arguments.of(StreamWriteNode.class, "does I/O", "java.io.OutputStream.write(int)", 1),
                // Reading System.out, then PrintStream.print (I/O).
                Arguments.of(SystemOutNode.class, "logs", "System.out", 2),
                Arguments.of(JulLoggingNode.class, "logs", "java.util.logging.Logger.fine(String)", 1),
                Arguments.of(CapturingLambdaNode.class, "creates a capturing lambda",
                        "INVOKEDYNAMIC LambdaMetafactory, a java.util.function.IntSupplier capturing int", 1),
                Arguments.of(AllocatingLambdaBodyNode.class, "allocates an array", "NEWARRAY float in a lambda body", 1),
                Arguments.of(ReflectionNode.class, "uses reflection", "java.lang.reflect.Field.getFloat(Object)", 1),
                Arguments.of(FaultCauseNode.class, "calls a synchronized method", "java.lang.Throwable.getCause()", 1));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("fixtures")
    void eachForbiddenThingInProcessIsNamedWithItsLine(Class<?> fixture, String reason, String offending,
                                                       int violations) {
        List<String> found = violations(RealTimeRules.nodeProcessMethods(), fixture);

        Pattern expected = Pattern.compile(Pattern.quote(fixture.getName() + PROCESS) + " line \\d+: "
                + Pattern.quote(reason + " (" + offending + ")"));
        assertTrue(found.stream().anyMatch(v -> expected.matcher(v).matches()),
                () -> "expected " + expected + " among\n" + String.join("\n", found));
        assertEquals(violations, found.size(), () -> String.join("\n", found));
    }

    @Test
    void cleanNodePasses() {
        RealTimeRules.nodeProcessMethods().check(classes(CleanNode.class));
    }

    @Test
    void checkFailsWithAnAssertionErrorListingTheViolations() {
        AssertionError error = assertThrows(AssertionError.class,
                () -> RealTimeRules.nodeProcessMethods().check(classes(NewFloatArrayNode.class)));

        assertTrue(error.getMessage().contains("should not allocate, lock, block, log or do I/O"), error::getMessage);
        assertTrue(error.getMessage().contains(NewFloatArrayNode.class.getName() + PROCESS), error::getMessage);
    }

    @Test
    void violationTwoCallsDeepNamesThePathFromTheEntryPoint() {
        List<String> found = violations(RealTimeRules.nodeProcessMethods(), DeepHelperNode.class);

        assertEquals(1, found.size(), () -> String.join("\n", found));
        assertTrue(Pattern.matches(Pattern.quote(DeepHelperNode.class.getName() + PROCESS
                + " -> DeepHelperNode.prepareScratch(int) -> DeepHelperNode.grow(int)")
                + " line \\d+: " + Pattern.quote("allocates an array (NEWARRAY float)"), found.get(0)), found.get(0));
    }

    @Test
    void interfaceCallReachesEveryImplementationAmongTheCheckedClasses() {
        RealTimeRules.nodeProcessMethods().check(classes(ShaperNode.class, Shaper.class, ClippingShaper.class));

        List<String> found = violations(RealTimeRules.nodeProcessMethods(),
                ShaperNode.class, Shaper.class, ClippingShaper.class, OversamplingShaper.class);

        assertEquals(1, found.size(), () -> String.join("\n", found));
        assertTrue(found.get(0).startsWith(ShaperNode.class.getName() + PROCESS
                + " -> OversamplingShaper.shape(float[], int) line "), found.get(0));
        assertTrue(found.get(0).endsWith(": allocates an array (NEWARRAY float)"), found.get(0));
    }

    @Test
    void exceptionWithConstantMessagePassesOnlyWhenExceptionsAreAllowed() {
        List<String> strict = violations(RealTimeRules.nodeProcessMethods(), ThrowingConstantNode.class);

        assertEquals(1, strict.size(), () -> String.join("\n", strict));
        assertTrue(strict.get(0).endsWith(": constructs an object (new java.lang.IllegalStateException(String))"),
                strict.get(0));
        RealTimeRules.nodeProcessMethods().allowingExceptionConstruction().check(classes(ThrowingConstantNode.class));
    }

    @Test
    void aNodeSavingStateThroughTheApisBufferPassesWithoutAllowingExceptions() {
        // StateBuffer throws (constant messages) when a node writes past its stateSize() or reads
        // past what was saved: the API's own report of a node's bug, allowed without asking.
        JavaClasses classes = new ClassFileImporter().importClasses(StatefulNode.class, org.aetherdsp.api.StateBuffer.class,
                org.aetherdsp.api.StateWriter.class, org.aetherdsp.api.StateReader.class);
        RealTimeRules.nodeRealTimeMethods().check(classes);
        // Reached, not skipped: the buffer's writes are followed from saveState.
        List<String> inTheBuffer = violations(RealTimeRules.nodeRealTimeMethods(), new ClassFileImporter()
                .importClasses(StatefulNode.class, org.aetherdsp.api.StateBuffer.class, org.aetherdsp.api.StateWriter.class,
                        org.aetherdsp.api.StateReader.class, ThrowingConstantNode.class));
        assertEquals(1, inTheBuffer.size(), () -> String.join("\n", inTheBuffer));
        assertTrue(inTheBuffer.get(0).startsWith(ThrowingConstantNode.class.getName() + PROCESS), inTheBuffer.get(0));
    }

    @Test
    void exceptionWithConcatenatedMessageFailsEvenWhenExceptionsAreAllowed() {
        List<String> found = violations(RealTimeRules.nodeProcessMethods().allowingExceptionConstruction(),
                ThrowingConcatNode.class);

        assertEquals(1, found.size(), () -> String.join("\n", found));
        assertTrue(found.get(0).contains(": builds a string (string concatenation, INVOKEDYNAMIC StringConcatFactory"),
                found.get(0));
    }

    @Test
    void invokedynamicOtherThanLambdaAndConcatenationIsDistrusted() {
        List<String> found = violations(RealTimeRules.nodeProcessMethods(),
                RecordEqualsNode.class, RecordEqualsNode.Shape.class);

        assertEquals(1, found.size(), () -> String.join("\n", found));
        assertTrue(Pattern.matches(Pattern.quote(RecordEqualsNode.class.getName() + PROCESS
                + " -> RecordEqualsNode.Shape.equals(Object)") + " line \\d+: " + Pattern.quote(
                "uses an invokedynamic that is not known to be allocation-free"
                + " (INVOKEDYNAMIC equals bootstrap java.lang.runtime.ObjectMethods.bootstrap)"), found.get(0)),
                found.get(0));
    }

    @Test
    void resetIsAnEntryPointOfNodeRealTimeMethodsButNotOfNodeProcessMethods() {
        RealTimeRules.nodeProcessMethods().check(classes(AllocatingResetNode.class));

        List<String> found = violations(RealTimeRules.nodeRealTimeMethods(), AllocatingResetNode.class);

        assertEquals(1, found.size(), () -> String.join("\n", found));
        assertTrue(Pattern.matches(Pattern.quote(AllocatingResetNode.class.getName() + ".reset()")
                + " line \\d+: " + Pattern.quote("allocates an array (NEWARRAY float)"), found.get(0)), found.get(0));
    }

    @Test
    void packageMethodsAreEntryPointsButConstructorsAndStaticInitialisersAreNot() {
        JavaClasses classes = packages("org.aetherdsp.testkit.fixtures.rt", "org.aetherdsp.testkit.fixtures.dsp");

        List<String> found = violations(RealTimeRules.realTimeCode().inPackages("org.aetherdsp.testkit.fixtures.rt"),
                classes);

        // RenderLoop's constructor and static initialiser allocate, and so does Kernel.resize,
        // which nothing real-time calls; Mode's generated values() and Mode.Span's toString()
        // would fail too: only the allocation render() reaches is reported.
        assertEquals(1, found.size(), () -> String.join("\n", found));
        assertTrue(Pattern.matches(Pattern.quote("org.aetherdsp.testkit.fixtures.rt.RenderLoop.render()"
                + " -> Kernel.apply(float[])") + " line \\d+: "
                + Pattern.quote("calls an allocating JDK API (java.util.Arrays.copyOf(float[], int))"), found.get(0)),
                found.get(0));
    }

    @Test
    void explicitMethodsAreEntryPoints() {
        JavaClasses classes = packages("org.aetherdsp.testkit.fixtures.rt", "org.aetherdsp.testkit.fixtures.dsp");

        List<String> found = violations(RealTimeRules.realTimeCode()
                .inPackages("org.aetherdsp.testkit.fixtures.rt")
                .andMethods(Kernel.class, "resize"), classes);

        assertEquals(2, found.size(), () -> String.join("\n", found));
        assertTrue(found.stream().anyMatch(v -> Pattern.matches(Pattern.quote(Kernel.class.getName() + ".resize(int)")
                + " line \\d+: " + Pattern.quote("allocates an array (NEWARRAY float)"), v)), found::toString);
    }

    @Test
    void entryPointsThatMatchNothingAreViolations() {
        JavaClasses classes = packages("org.aetherdsp.testkit.fixtures.dsp");

        List<String> found = violations(RealTimeRules.realTimeCode()
                .inPackages("org.aetherdsp.testkit.fixtures.nosuch")
                .andMethods(Kernel.class, "nosuch")
                .andMethods("org.aetherdsp.testkit.fixtures.NoSuchClass", "process")
                .andNodeProcessMethods(), classes);

        assertAll(
                () -> assertTrue(found.contains(
                        "no checked class resides in package 'org.aetherdsp.testkit.fixtures.nosuch'"), found::toString),
                () -> assertTrue(found.contains(
                        "entry point " + Kernel.class.getName() + ".nosuch is not a method declared there"),
                        found::toString),
                () -> assertTrue(found.contains("entry point class org.aetherdsp.testkit.fixtures.NoSuchClass"
                        + " is not among the checked classes"), found::toString),
                () -> assertTrue(found.contains("no DspNode implementation is among the checked classes"),
                        found::toString),
                () -> assertEquals(4, found.size(), found::toString));
    }

    @Test
    void controlMethodsAreNotEntryPointsButAreCheckedWhereRealTimeCodeCallsThem() {
        JavaClasses classes = packages("org.aetherdsp.testkit.fixtures.rtrefill");
        RealTimeCode rt = RealTimeRules.realTimeCode().inPackages("org.aetherdsp.testkit.fixtures.rtrefill");
        String refill = RecycledTable.class.getName() + ".refill(int)";

        List<String> all = violations(rt, classes);
        List<String> excepted = violations(rt.exceptControlMethods(RecycledTable.class, "refill"), classes);

        assertTrue(all.stream().anyMatch(v -> v.startsWith(refill + " line ")), all::toString);
        assertEquals(1, excepted.size(), excepted::toString);
        assertTrue(Pattern.matches(Pattern.quote(RecycledTable.class.getName() + ".sumOrRefill(int) -> RecycledTable.refill(int)")
                + " line \\d+: " + Pattern.quote("allocates an array (NEWARRAY float)"), excepted.get(0)), excepted.get(0));
    }

    @Test
    void aControlMethodThatMatchesNothingIsAViolation() {
        List<String> found = violations(RealTimeRules.realTimeCode()
                .inPackages("org.aetherdsp.testkit.fixtures.rtrefill")
                .exceptControlMethods(RecycledTable.class, "refill", "nosuch"),
                packages("org.aetherdsp.testkit.fixtures.rtrefill"));

        assertTrue(found.contains("control method " + RecycledTable.class.getName()
                + ".nosuch is not a method declared among the checked classes"), found::toString);
    }

    @Test
    void callsIntoClassesThatWereNotImportedAreJudgedButNotFollowed() {
        // Kernel.apply allocates, but Kernel was not imported: import everything the RT thread runs.
        RealTimeRules.realTimeCode().inPackages("org.aetherdsp.testkit.fixtures.rt")
                .check(packages("org.aetherdsp.testkit.fixtures.rt"));
    }

    private static List<String> violations(RealTimeCode rule, Class<?>... classes) {
        return violations(rule, classes(classes));
    }

    private static List<String> violations(RealTimeCode rule, JavaClasses classes) {
        return rule.asArchRule().evaluate(classes).getFailureReport().getDetails();
    }

    private static JavaClasses classes(Class<?>... classes) {
        return new ClassFileImporter().importClasses(classes);
    }

    private static JavaClasses packages(String... packages) {
        return new ClassFileImporter().importPackages(packages);
    }
}
