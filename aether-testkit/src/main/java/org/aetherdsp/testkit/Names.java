package org.aetherdsp.testkit;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import java.util.List;
import java.util.StringJoiner;

/** How violations spell classes and code units: Java source syntax, not descriptors. */
final class Names {

    private Names() {
    }

    /** {@code org.x.Foo.bar(float[][], ParamBlock)}. */
    static String qualified(JavaCodeUnit unit) {
        return sourceName(unit.getOwner()) + "." + unit.getName() + parameters(unit.getRawParameterTypes());
    }

    /** {@code Foo.bar(float[][], ParamBlock)}; nested classes as {@code Outer.Inner}. */
    static String simple(JavaCodeUnit unit) {
        return simpleName(unit.getOwner()) + "." + unit.getName() + parameters(unit.getRawParameterTypes());
    }

    /** {@code java.util.ArrayList.add(Object)}. */
    static String call(JavaClass owner, String name, List<JavaClass> parameters) {
        return sourceName(owner) + "." + name + parameters(parameters);
    }

    static String parameters(List<JavaClass> types) {
        StringJoiner joined = new StringJoiner(", ", "(", ")");
        for (JavaClass t : types) {
            joined.add(simpleName(t));
        }
        return joined.toString();
    }

    /** {@code java.lang.System.Logger}, {@code float[][]}. */
    static String sourceName(JavaClass type) {
        if (type.isArray()) {
            return sourceName(type.getComponentType()) + "[]";
        }
        return type.getName().replace('$', '.');
    }

    /** {@code Logger} for {@code java.lang.System$Logger} is ambiguous: {@code System.Logger}. */
    static String simpleName(JavaClass type) {
        if (type.isArray()) {
            return simpleName(type.getComponentType()) + "[]";
        }
        String name = type.getName();
        String pkg = type.getPackageName();
        // Primitives report package java.lang but have no package prefix.
        String local = pkg.isEmpty() || !name.startsWith(pkg + ".") ? name : name.substring(pkg.length() + 1);
        return local.replace('$', '.');
    }
}
