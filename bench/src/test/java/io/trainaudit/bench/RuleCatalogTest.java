package io.trainaudit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.generate.PlantedCase;
import io.trainaudit.rules.CompiledPolicy;
import io.trainaudit.rules.FactsRow;
import io.trainaudit.rules.OptOutMode;
import io.trainaudit.rules.RuleId;
import io.trainaudit.rules.RuleRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each rule is said six times on purpose: its class, the contract's section, the generator's
 * planted case, the naive Spark SQL file, the DuckDB column and the evidence the contract lists.
 * Those copies stay independent (they are the differential oracle); this test makes an omission
 * impossible to miss by naming every rule that lacks one of them.
 */
class RuleCatalogTest {
  private static final Path CONTRACT = Path.of("..", "docs", "contract.md");
  private static final CompiledPolicy POLICY =
      new CompiledPolicy(ConfigLoader.defaults(Path.of("/tmp")).policy());

  @Test
  void everyRuleHasItsClassSectionPlantedCaseNaiveSqlDuckDbColumnAndDocumentedEvidence() throws IOException {
    String contract = Files.readString(CONTRACT);
    String duckDb = SqlScripts.load("duckdb/findings.sql");
    List<String> missing = new ArrayList<>();
    for (RuleId id : RuleId.values()) {
      if (RuleRegistry.all().stream().noneMatch(rule -> rule.id() == id)) {
        missing.add(id + ": no rule class in RuleRegistry");
        continue;
      }
      String section = section(contract, id);
      if (section == null) {
        missing.add(id + ": no section '### 4.N " + id + " — " + severityWord(id) + "' in docs/contract.md");
      } else if (!evidenceFields(section).equals(evidenceKeys(id))) {
        missing.add(id + ": the contract lists evidence " + evidenceFields(section) + " but the rule writes "
            + evidenceKeys(id));
      }
      if (Arrays.stream(PlantedCase.values()).noneMatch(planted -> plants(planted, id))) {
        missing.add(id + ": no PlantedCase expects it in either opt-out mode");
      }
      if (SqlScripts.class.getResource("/bench/naive/rules/" + id + ".sql") == null) {
        missing.add(id + ": no naive SQL file bench/naive/rules/" + id + ".sql");
      }
      if (!duckDb.contains(" AS " + id + ",") && !duckDb.contains(" AS " + id + "\n")
          || !unpivoted(duckDb).contains(id.name())) {
        missing.add(id + ": no DuckDB column " + id + " computed and unpivoted in bench/duckdb/findings.sql");
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void theCatalogNamesWhatIsMissing() {
    String contract = "### 4.1 OPT_OUT_GENERATIVE — violation\n\n- **Evidence:** `a` (`true` when (nested) x), `b`.\n";
    assertEquals(Set.of("a", "b"), evidenceFields(section(contract, RuleId.OPT_OUT_GENERATIVE)));
    assertEquals(null, section(contract, RuleId.UNDER_AGE));
  }

  /** The text of the rule's section, from its heading to the next heading; null if there is none. */
  private static String section(String contract, RuleId id) {
    Matcher heading = Pattern.compile("(?m)^### 4\\.\\d+ " + id + " — " + severityWord(id) + "$").matcher(contract);
    if (!heading.find()) {
      return null;
    }
    int end = contract.indexOf("\n#", heading.end());
    return contract.substring(heading.end(), end < 0 ? contract.length() : end);
  }

  /** The names in the section's "Evidence:" item, leaving out what its parentheses say about them. */
  private static Set<String> evidenceFields(String section) {
    Matcher item = Pattern.compile("(?s)- \\*\\*Evidence:\\*\\*(.*?)(\\n\\n|\\n- |$)").matcher(section);
    if (!item.find()) {
      return Set.of();
    }
    String text = item.group(1);
    for (String previous = null; !text.equals(previous); ) {
      previous = text;
      text = text.replaceAll("\\([^()]*\\)", "");
    }
    Set<String> fields = new LinkedHashSet<>();
    Matcher name = Pattern.compile("`([a-z_]+)`").matcher(text);
    while (name.find()) {
      fields.add(name.group(1));
    }
    return fields;
  }

  /** The keys of the rule's evidence object, on a clean row (every listed fact is written, null or not). */
  private static Set<String> evidenceKeys(RuleId id) {
    try {
      Set<String> keys = new LinkedHashSet<>();
      new ObjectMapper().readTree(RuleRegistry.byId(id).evidence(new FactsRow().facts(), POLICY).json())
          .fieldNames().forEachRemaining(keys::add);
      return keys;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean plants(PlantedCase planted, RuleId id) {
    return Arrays.stream(OptOutMode.values()).anyMatch(mode -> planted.expectedFindings(mode).contains(id));
  }

  private static String unpivoted(String duckDb) {
    int on = duckDb.indexOf("UNPIVOT");
    return on < 0 ? "" : duckDb.substring(on, duckDb.indexOf("INTO NAME", on));
  }

  private static String severityWord(RuleId id) {
    return id.severity().value();
  }
}
