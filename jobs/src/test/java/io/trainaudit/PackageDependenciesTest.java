package io.trainaudit;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The packages depend on each other one way, as docs/architecture.md draws them: the commands on
 * the jobs, the jobs on the rules, the rules on the tables, and everything on the root package
 * (errors, exit codes). A cycle is a package that cannot be read, tested or changed alone.
 */
class PackageDependenciesTest {
  private static final String ROOT = "io.trainaudit";

  private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
      .importPackages(ROOT);

  /** Each class belongs to the package just under the root, or to the root itself. */
  private static final SliceAssignment TOP_PACKAGES = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      String pkg = javaClass.getPackageName();
      if (pkg.equals(ROOT)) {
        return SliceIdentifier.of("(root)");
      }
      if (!pkg.startsWith(ROOT + ".")) {
        return SliceIdentifier.ignore();
      }
      String rest = pkg.substring(ROOT.length() + 1);
      int dot = rest.indexOf('.');
      return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
    }

    @Override
    public String getDescription() {
      return "the packages of " + ROOT;
    }
  };

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    slices().assignedFrom(TOP_PACKAGES).should().beFreeOfCycles().check(MAIN_CLASSES);
  }

  @Test
  void theRootPackageDependsOnNoOtherPackage() {
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideInAPackage(ROOT)
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".(*)..")
        .check(MAIN_CLASSES);
  }
}
