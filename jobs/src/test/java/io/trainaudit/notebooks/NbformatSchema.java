package io.trainaudit.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The nbformat 4.5 JSON schema, as Jupyter validates notebooks against it: vendored from Debian's
 * python3-nbformat (see nbformat.v4.5.schema.NOTICE.md beside it), so nothing is downloaded.
 */
public final class NbformatSchema {
  private static final String RESOURCE = "nbformat.v4.5.schema.json";
  private static final JsonSchema SCHEMA = load();

  private NbformatSchema() {}

  /** The schema's complaints about a notebook, sorted; empty when it is valid nbformat 4.5. */
  public static List<String> problems(JsonNode notebook) {
    return SCHEMA.validate(notebook).stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  private static JsonSchema load() {
    try (InputStream in = NbformatSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("no " + RESOURCE + " on the test class path");
      }
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
