package org.aetherdsp.testkit;

import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaMethodReference;
import com.tngtech.archunit.core.domain.JavaModifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What runs on the RT thread: every code unit of the checked classes reachable from the
 * entry points through calls and method references. A call to a method that can be
 * overridden reaches every implementation among the checked classes (the dynamic type is
 * unknown), so an interface call reaches all of its checked implementations.
 */
final class CallGraph {

    private final JavaClasses classes;
    private final boolean followExceptionConstructors;
    /** Class name to the checked classes assignable to it (itself included). */
    private final Map<String, List<JavaClass>> subtypes = new HashMap<>();
    /** Per checked class, its declared methods by name and parameter types. */
    private final Map<String, Map<String, JavaMethod>> declared = new HashMap<>();

    /**
     * @param classes                     the checked classes
     * @param followExceptionConstructors whether constructing a Throwable is allowed, in which
     *                                    case the constructors of checked Throwable classes run
     *                                    on the RT thread and are checked too
     */
    CallGraph(JavaClasses classes, boolean followExceptionConstructors) {
        this.classes = classes;
        this.followExceptionConstructors = followExceptionConstructors;
        for (JavaClass c : classes) {
            subtypes.computeIfAbsent(c.getName(), k -> new ArrayList<>()).add(c);
            for (JavaClass s : c.getAllRawSuperclasses()) {
                subtypes.computeIfAbsent(s.getName(), k -> new ArrayList<>()).add(c);
            }
            for (JavaClass i : c.getAllRawInterfaces()) {
                subtypes.computeIfAbsent(i.getName(), k -> new ArrayList<>()).add(c);
            }
        }
    }

    /** @return whether a class, by name, is among the checked classes */
    boolean isChecked(String className) {
        return classes.contain(className);
    }

    /** @return the checked classes assignable to {@code className}, itself included */
    List<JavaClass> subtypesOf(String className) {
        return subtypes.getOrDefault(className, List.of());
    }

    /**
     * A breadth-first walk, so that each code unit is reported with a shortest path from an
     * entry point.
     *
     * @param entries the entry points
     * @return every reachable code unit with the path it was reached by, entry points first
     */
    List<Reached> reach(List<JavaCodeUnit> entries) {
        Map<String, Reached> seen = new LinkedHashMap<>();
        ArrayDeque<Reached> queue = new ArrayDeque<>();
        for (JavaCodeUnit entry : entries) {
            visit(entry, null, seen, queue);
        }
        while (!queue.isEmpty()) {
            Reached current = queue.poll();
            for (JavaCodeUnit callee : callees(current.unit())) {
                visit(callee, current, seen, queue);
            }
        }
        return new ArrayList<>(seen.values());
    }

    private static void visit(JavaCodeUnit unit, Reached from, Map<String, Reached> seen, ArrayDeque<Reached> queue) {
        if (!seen.containsKey(unit.getFullName())) {
            Reached r = new Reached(unit, from);
            seen.put(unit.getFullName(), r);
            queue.add(r);
        }
    }

    private List<JavaCodeUnit> callees(JavaCodeUnit unit) {
        List<JavaCodeUnit> out = new ArrayList<>();
        for (JavaMethodCall call : unit.getMethodCallsFromSelf()) {
            targets(call.getTarget(), out);
        }
        for (JavaMethodReference ref : unit.getMethodReferencesFromSelf()) {
            targets(ref.getTarget(), out);
        }
        if (followExceptionConstructors) {
            for (JavaConstructorCall call : unit.getConstructorCallsFromSelf()) {
                if (isChecked(call.getTargetOwner().getName()) && ForbiddenCalls.isThrowable(call.getTargetOwner())) {
                    call.getTarget().resolveMember().ifPresent(out::add);
                }
            }
        }
        return out;
    }

    private void targets(CodeUnitAccessTarget target, List<JavaCodeUnit> out) {
        Optional<? extends JavaCodeUnit> resolved = target.resolveMember();
        if (resolved.isPresent()) {
            JavaCodeUnit m = resolved.get();
            if (isChecked(m.getOwner().getName()) && !m.getModifiers().contains(JavaModifier.ABSTRACT)) {
                out.add(m);
            }
            Set<JavaModifier> modifiers = m.getModifiers();
            if (modifiers.contains(JavaModifier.STATIC) || modifiers.contains(JavaModifier.PRIVATE)) {
                return;
            }
        }
        String signature = signature(target.getName(), target.getRawParameterTypes());
        for (JavaClass c : subtypesOf(target.getOwner().getName())) {
            JavaMethod override = declaredMethods(c).get(signature);
            if (override != null && !override.getModifiers().contains(JavaModifier.ABSTRACT)
                    && !override.getModifiers().contains(JavaModifier.STATIC)) {
                out.add(override);
            }
        }
    }

    private Map<String, JavaMethod> declaredMethods(JavaClass c) {
        return declared.computeIfAbsent(c.getName(), k -> {
            Map<String, JavaMethod> methods = new HashMap<>();
            for (JavaMethod m : c.getMethods()) {
                methods.put(signature(m.getName(), m.getRawParameterTypes()), m);
            }
            return methods;
        });
    }

    private static String signature(String name, List<JavaClass> parameters) {
        StringBuilder s = new StringBuilder(name).append('(');
        for (JavaClass p : parameters) {
            s.append(p.getName()).append(';');
        }
        return s.append(')').toString();
    }

    /**
     * A code unit that runs on the RT thread, and how it got there.
     *
     * @param unit   the code unit
     * @param caller the code unit it was first reached from, {@code null} for an entry point
     */
    record Reached(JavaCodeUnit unit, Reached caller) {

        /** @return {@code org.x.Entry.process(...) -> Foo.a() -> Foo.b()} */
        String path() {
            if (caller == null) {
                return Names.qualified(unit);
            }
            return caller.path() + " -> " + Names.simple(unit);
        }
    }
}
