package io.trainaudit.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML into a Jackson tree with YAML 1.2 scalars: only {@code true}/{@code false} are
 * booleans and dates stay text. Under YAML 1.1 Norway's code {@code NO} would read as false and
 * {@code 2025-11-03} as a timestamp, which would corrupt country lists and effective dates.
 *
 * <p>What no configuration can mean is reported as a problem at its key path instead of failing
 * the conversion: a null or composite key, a key given twice, and an alias that contains itself
 * (which would otherwise recurse without end).
 */
final class YamlTree {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** The path of a top-level entry: the key alone. */
  static final String ROOT = "";

  private YamlTree() {}

  /**
   * The tree of a YAML document; {@code problem} receives the key path and the problem of each
   * entry left out of it.
   */
  static JsonNode read(String text, BiConsumer<String, String> problem) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
        options, new CoreSchemaResolver());
    return node(yaml.load(text), ROOT, Collections.newSetFromMap(new IdentityHashMap<>()), problem);
  }

  private static JsonNode node(Object value, String path, Set<Object> enclosing, BiConsumer<String, String> problem) {
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      if (!enclosing.add(value)) {
        problem.accept(path, "a YAML alias refers to a collection that contains it (recursive alias)");
        return NODES.nullNode();
      }
      try {
        return value instanceof Map<?, ?> map ? object(map, path, enclosing, problem)
            : array((List<?>) value, path, enclosing, problem);
      } finally {
        enclosing.remove(value);
      }
    }
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Integer || value instanceof Long) {
      return NODES.numberNode(((Number) value).longValue());
    }
    if (value instanceof BigInteger big) {
      return NODES.numberNode(big);
    }
    if (value instanceof Double d) {
      return NODES.numberNode(d);
    }
    return NODES.textNode(String.valueOf(value));
  }

  private static ObjectNode object(Map<?, ?> map, String path, Set<Object> enclosing,
      BiConsumer<String, String> problem) {
    ObjectNode object = NODES.objectNode();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      Object key = entry.getKey();
      if (key == null || key instanceof Map<?, ?> || key instanceof List<?> || String.valueOf(key).isBlank()) {
        problem.accept(child(path, key == null ? "~" : String.valueOf(key)),
            "a key must be a name, got " + (key == null ? "nothing" : key instanceof Map<?, ?> ? "a mapping"
                : key instanceof List<?> ? "a list" : "'" + key + "'"));
        continue;
      }
      String name = String.valueOf(key);
      if (object.has(name)) {
        problem.accept(child(path, name), "the key is given twice");
        continue;
      }
      object.set(name, node(entry.getValue(), child(path, name), enclosing, problem));
    }
    return object;
  }

  private static ArrayNode array(List<?> list, String path, Set<Object> enclosing, BiConsumer<String, String> problem) {
    ArrayNode array = NODES.arrayNode();
    for (int i = 0; i < list.size(); i++) {
      array.add(node(list.get(i), path + "[" + i + "]", enclosing, problem));
    }
    return array;
  }

  private static String child(String path, String name) {
    return path.equals(ROOT) ? name : path + "." + name;
  }

  /** The implicit types of the YAML 1.2 core schema, without 1.1's yes/no/on/off and timestamps. */
  private static final class CoreSchemaResolver extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF");
      addImplicitResolver(Tag.INT, Pattern.compile("^[-+]?[0-9]+$"), "-+0123456789");
      addImplicitResolver(Tag.FLOAT, Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"),
          "-+0123456789.");
      addImplicitResolver(Tag.NULL, Pattern.compile("^(?:~|null|Null|NULL| )$"), "~nN\0");
      addImplicitResolver(Tag.NULL, Pattern.compile("^$"), null);
    }
  }
}
