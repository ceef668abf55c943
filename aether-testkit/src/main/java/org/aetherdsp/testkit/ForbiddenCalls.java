package org.aetherdsp.testkit;

import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaConstructorReference;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaMethodReference;
import com.tngtech.archunit.core.domain.JavaModifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The half of the real-time rules that ArchUnit's model can answer: constructor calls, calls
 * to JDK and library APIs, and field reads, with their line numbers. Calls inside lambda
 * bodies are included (ArchUnit attributes them to the enclosing method).
 */
final class ForbiddenCalls {

    private static final Set<String> BOXES = Set.of("java.lang.Integer", "java.lang.Long", "java.lang.Float",
            "java.lang.Double", "java.lang.Short", "java.lang.Byte", "java.lang.Character", "java.lang.Boolean");
    private static final Set<String> STRING_TYPES =
            Set.of("java.lang.String", "java.lang.StringBuilder", "java.lang.StringBuffer",
                    "java.lang.AbstractStringBuilder");
    private static final Set<String> ARRAYS_OK = Set.of("fill", "equals", "hashCode", "mismatch", "binarySearch");
    private static final Set<String> OBJECTS_OK = Set.of("equals", "isNull", "nonNull", "checkIndex");
    /** String methods that read the string and create nothing. */
    private static final Set<String> STRING_OK = Set.of("length", "charAt", "equals", "equalsIgnoreCase",
            "hashCode", "isEmpty", "compareTo", "compareToIgnoreCase", "startsWith", "endsWith", "indexOf",
            "lastIndexOf", "regionMatches", "getChars", "codePointAt");
    private static final Set<String> CHAR_SEQUENCE_OK = Set.of("length", "charAt", "isEmpty");
    private static final Set<String> SYSTEM_OK =
            Set.of("nanoTime", "currentTimeMillis", "arraycopy", "identityHashCode", "lineSeparator");
    private static final Set<String> CLASS_OK = Set.of("isInstance", "cast", "isAssignableFrom", "isArray",
            "isPrimitive", "isInterface", "isEnum", "getComponentType", "getSuperclass", "getModifiers",
            "hashCode", "equals", "desiredAssertionStatus");
    /** java.util.concurrent.atomic types that allocate cells under contention. */
    private static final Set<String> STRIPED_ATOMICS = Set.of("java.util.concurrent.atomic.LongAdder",
            "java.util.concurrent.atomic.DoubleAdder", "java.util.concurrent.atomic.LongAccumulator",
            "java.util.concurrent.atomic.DoubleAccumulator", "java.util.concurrent.atomic.Striped64");
    private static final Set<String> OPTIONALS = Set.of("java.util.Optional", "java.util.OptionalInt",
            "java.util.OptionalLong", "java.util.OptionalDouble");
    private static final List<String> LOGGING_PACKAGES = List.of("java.util.logging.", "java.lang.System$Logger",
            "org.slf4j.", "org.apache.logging.log4j.", "org.apache.log4j.", "org.apache.commons.logging.",
            "ch.qos.logback.");
    private static final List<String> IO_PACKAGES =
            List.of("java.io.", "java.nio.channels.", "java.nio.file.", "java.net.");
    private static final Set<String> PROCESS_TYPES =
            Set.of("java.lang.Process", "java.lang.ProcessBuilder", "java.lang.ProcessHandle");
    private static final Set<String> BUFFER_FACTORIES = Set.of("allocate", "allocateDirect", "wrap", "duplicate",
            "slice", "asReadOnlyBuffer");

    /**
     * API classes whose real-time methods throw, with constant messages, to report a caller's
     * bug: {@code StateBuffer} when a node writes past its {@code stateSize()} or reads past
     * what was saved. Constructing those exceptions is allowed without
     * {@code allowingExceptionConstruction()}, which would let a plugin's own code throw too.
     */
    private static final Set<String> API_FAULT_REPORTS = Set.of("org.aetherdsp.api.StateBuffer");

    private ForbiddenCalls() {
    }

    /**
     * @param unit             the code unit
     * @param allowExceptions  whether constructing a {@link Throwable} is allowed
     * @param imported         whether a class (by name) is among the checked classes; calls
     *                         into those are followed rather than judged by their target
     * @return what the unit does that real-time code must not
     */
    static List<Finding> findings(JavaCodeUnit unit, boolean allowExceptions, Predicate<String> imported) {
        List<Finding> found = new ArrayList<>();
        boolean throwing = allowExceptions || API_FAULT_REPORTS.contains(unit.getOwner().getName());
        if (unit.getModifiers().contains(JavaModifier.SYNCHRONIZED)) {
            found.add(new Finding(unit.getSourceCodeLocation().getLineNumber(), Hazard.SYNCHRONIZED_METHOD,
                    "declared synchronized"));
        }
        for (JavaConstructorCall call : unit.getConstructorCallsFromSelf()) {
            JavaClass owner = call.getTargetOwner();
            if (throwing && isThrowable(owner)) {
                continue;
            }
            Hazard hazard = STRING_TYPES.contains(owner.getName()) ? Hazard.STRING_BUILDING : Hazard.NEW_OBJECT;
            found.add(new Finding(call.getLineNumber(), hazard,
                    "new " + Names.sourceName(owner) + Names.parameters(call.getTarget().getRawParameterTypes())));
        }
        for (JavaConstructorReference ref : unit.getConstructorReferencesFromSelf()) {
            JavaClass owner = ref.getTargetOwner();
            if (throwing && isThrowable(owner)) {
                continue;
            }
            found.add(new Finding(ref.getLineNumber(), Hazard.NEW_OBJECT, Names.sourceName(owner) + "::new"));
        }
        for (JavaMethodCall call : unit.getMethodCallsFromSelf()) {
            judge(call.getTarget(), imported).ifPresent(h -> found.add(new Finding(call.getLineNumber(), h,
                    Names.call(call.getTargetOwner(), call.getName(), call.getTarget().getRawParameterTypes()))));
        }
        for (JavaMethodReference ref : unit.getMethodReferencesFromSelf()) {
            judge(ref.getTarget(), imported).ifPresent(h -> found.add(new Finding(ref.getLineNumber(), h,
                    Names.sourceName(ref.getTargetOwner()) + "::" + ref.getName())));
        }
        for (JavaFieldAccess access : unit.getFieldAccesses()) {
            if (access.getTargetOwner().getName().equals("java.lang.System")) {
                String field = access.getName();
                if (field.equals("out") || field.equals("err")) {
                    found.add(new Finding(access.getLineNumber(), Hazard.LOGGING, "System." + field));
                } else if (field.equals("in")) {
                    found.add(new Finding(access.getLineNumber(), Hazard.IO, "System.in"));
                }
            }
        }
        return found;
    }

    /** The hazard of calling (or referencing) a method, judged by its owner and by its declaring class. */
    private static Optional<Hazard> judge(CodeUnitAccessTarget target, Predicate<String> imported) {
        List<String> params = new ArrayList<>();
        for (JavaClass p : target.getRawParameterTypes()) {
            params.add(p.getName());
        }
        Optional<? extends JavaCodeUnit> resolved = target.resolveMember();
        // Calling a lambda through its functional interface allocates nothing by itself; the
        // lambda's body is checked where it is written (and a capturing lambda where it is
        // created). The interfaces' default and static methods (andThen, identity...) do allocate.
        boolean functionalMethod = target.getOwner().getName().startsWith("java.util.function.")
                && resolved.map(m -> m.getModifiers().contains(JavaModifier.ABSTRACT)).orElse(false);
        if (functionalMethod) {
            return Optional.empty();
        }
        Hazard hazard = classify(target.getOwner().getName(), target.getName(), params);
        if (hazard == null && resolved.isPresent()) {
            JavaCodeUnit declared = resolved.get();
            String declaringClass = declared.getOwner().getName();
            if (!declaringClass.equals(target.getOwner().getName())) {
                hazard = classify(declaringClass, target.getName(), params);
            }
            // A synchronized method among the checked classes is reached and reported itself.
            if (hazard == null && !imported.test(declaringClass)
                    && declared.getModifiers().contains(JavaModifier.SYNCHRONIZED)) {
                hazard = Hazard.CALLS_SYNCHRONIZED;
            }
        }
        return Optional.ofNullable(hazard);
    }

    /**
     * Judges a call by the class that owns the method, its name and its parameter types
     * (binary names).
     *
     * @return the hazard, or {@code null} if the call is allowed
     */
    static Hazard classify(String owner, String name, List<String> params) {
        if (name.equals("toString")) {
            return Hazard.TO_STRING;
        }
        if (owner.startsWith("java.util.")) {
            return classifyJavaUtil(owner, name, params);
        }
        if (startsWithAny(owner, LOGGING_PACKAGES)) {
            return Hazard.LOGGING;
        }
        if (startsWithAny(owner, IO_PACKAGES) || PROCESS_TYPES.contains(owner)) {
            return Hazard.IO;
        }
        if (owner.startsWith("java.lang.reflect.")) {
            return Hazard.REFLECTION;
        }
        if (owner.startsWith("java.lang.invoke.")) {
            boolean exact = owner.equals("java.lang.invoke.MethodHandle") && name.equals("invokeExact");
            return owner.equals("java.lang.invoke.VarHandle") || exact ? null : Hazard.REFLECTION;
        }
        if (owner.startsWith("java.time.") || owner.startsWith("java.nio.charset.")) {
            return Hazard.ALLOCATING_JDK_API;
        }
        if (owner.startsWith("java.nio.")
                && (BUFFER_FACTORIES.contains(name) || name.startsWith("as") && name.endsWith("Buffer"))) {
            return Hazard.ALLOCATING_JDK_API;
        }
        if (owner.startsWith("java.lang.")) {
            return classifyJavaLang(owner, name);
        }
        return null;
    }

    private static Hazard classifyJavaUtil(String owner, String name, List<String> params) {
        if (owner.startsWith("java.util.concurrent.locks.")) {
            return Hazard.LOCK;
        }
        if (owner.startsWith("java.util.concurrent.atomic.")) {
            return STRIPED_ATOMICS.contains(owner) ? Hazard.ALLOCATING_JDK_API : null;
        }
        if (owner.startsWith("java.util.stream.")) {
            return Hazard.STREAM;
        }
        if (OPTIONALS.contains(owner)) {
            return Hazard.OPTIONAL;
        }
        if (owner.startsWith("java.util.logging.")) {
            return Hazard.LOGGING;
        }
        if (owner.equals("java.util.Arrays") && ARRAYS_OK.contains(name)) {
            return null;
        }
        if (owner.equals("java.util.Objects")) {
            if (OBJECTS_OK.contains(name)) {
                return null;
            }
            boolean plainRequireNonNull = name.equals("requireNonNull")
                    && (params.size() == 1 || params.size() == 2 && params.get(1).equals("java.lang.String"));
            if (plainRequireNonNull) {
                return null;
            }
        }
        return Hazard.ALLOCATING_JDK_API;
    }

    private static Hazard classifyJavaLang(String owner, String name) {
        if (BOXES.contains(owner)) {
            if (name.equals("valueOf")) {
                return Hazard.BOXING;
            }
            return name.startsWith("to") && name.endsWith("String") ? Hazard.STRING_BUILDING : null;
        }
        switch (owner) {
            case "java.lang.String":
                return STRING_OK.contains(name) ? null : Hazard.STRING_BUILDING;
            case "java.lang.StringBuilder":
            case "java.lang.StringBuffer":
            case "java.lang.AbstractStringBuilder":
                return Hazard.STRING_BUILDING;
            case "java.lang.CharSequence":
                return CHAR_SEQUENCE_OK.contains(name) ? null : Hazard.STRING_BUILDING;
            case "java.lang.Class":
                return CLASS_OK.contains(name) ? null : Hazard.REFLECTION;
            case "java.lang.Object":
                if (name.equals("wait")) {
                    return Hazard.BLOCKING;
                }
                return name.equals("clone") ? Hazard.ALLOCATING_JDK_API : null;
            case "java.lang.Thread":
                return name.equals("sleep") || name.equals("join") ? Hazard.BLOCKING : null;
            case "java.lang.System":
                if (name.equals("getLogger")) {
                    return Hazard.LOGGING;
                }
                if (name.equals("gc") || name.equals("runFinalization")) {
                    return Hazard.BLOCKING;
                }
                return SYSTEM_OK.contains(name) ? null : Hazard.SYSTEM;
            case "java.lang.Runtime":
                if (name.equals("exec")) {
                    return Hazard.IO;
                }
                return name.equals("gc") || name.equals("runFinalization") ? Hazard.BLOCKING : null;
            case "java.lang.Iterable":
                return Hazard.ALLOCATING_JDK_API;
            case "java.lang.Throwable":
                if (name.equals("printStackTrace")) {
                    return Hazard.IO;
                }
                return name.equals("getStackTrace") || name.equals("addSuppressed")
                        || name.equals("getSuppressed") ? Hazard.ALLOCATING_JDK_API : null;
            default:
                return null;
        }
    }

    /** Whether a class is a {@link Throwable}, by ArchUnit's hierarchy or, failing that, by loading it. */
    static boolean isThrowable(JavaClass type) {
        if (type.isAssignableTo(Throwable.class)) {
            return true;
        }
        if (type.isArray() || type.isPrimitive()) {
            return false;
        }
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            return Throwable.class.isAssignableFrom(Class.forName(type.getName(), false,
                    loader != null ? loader : ForbiddenCalls.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
