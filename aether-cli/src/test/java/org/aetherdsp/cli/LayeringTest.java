package org.aetherdsp.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of the published modules, checked over their classes (this module's class path holds
 * every one of them): the API depends on nothing, the graph builds and the RT side runs, and
 * nothing outside the core sees the core's internals. JPMS enforces the last rule for modules;
 * this test also holds it for code on the class path.
 */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.aetherdsp");
    }

    @Test
    void theApiDependsOnNothingButTheJdk() {
        classes().that().resideInAPackage("org.aetherdsp.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("org.aetherdsp.api..", "java..")
                .check(classes);
    }

    @Test
    void theRtSideDependsOnNeitherTheModelNorTheEngine() {
        noClasses().that().resideInAPackage("org.aetherdsp.core.rt..")
                .should().dependOnClassesThat().resideInAnyPackage("org.aetherdsp.core.model..", "org.aetherdsp.core.engine..")
                .because("graph builds, rt runs: the RT side knows only what it is handed")
                .check(classes);
    }

    @Test
    void theModelDependsNotOnTheEngine() {
        noClasses().that().resideInAPackage("org.aetherdsp.core.model..")
                .should().dependOnClassesThat().resideInAPackage("org.aetherdsp.core.engine..")
                .check(classes);
    }

    @Test
    void theCoresVocabularyAndUtilitiesDependOnlyOnTheApi() {
        classes().that().resideInAnyPackage("org.aetherdsp.core.graph..", "org.aetherdsp.core.param..", "org.aetherdsp.core.arena..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("org.aetherdsp.api..", "org.aetherdsp.core.graph..",
                        "org.aetherdsp.core.param..", "org.aetherdsp.core.arena..", "java..")
                .check(classes);
    }

    @Test
    void nothingOutsideTheCoreSeesItsInternals() {
        noClasses().that().resideOutsideOfPackage("org.aetherdsp.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.aetherdsp.core.rt..", "org.aetherdsp.core.model..")
                .because("the scheduler, plans, commands and the graph model are the engine's internals")
                .check(classes);
    }

    @Test
    void pluginsAndNodesSeeOnlyTheApi() {
        noClasses().that().resideInAPackage("org.aetherdsp.nodes..")
                .and().haveSimpleNameNotEndingWith("Test")
                .should().dependOnClassesThat().resideInAPackage("org.aetherdsp.core..")
                .check(classes);
    }
}
