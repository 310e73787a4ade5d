package io.trainaudit.rules;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The facts a rule used, in the order it names them, written as a finding's evidence: a JSON
 * object with every field present ({@code null} for a missing fact), instants as
 * {@code 2025-11-03T00:00:00.000Z} and dates as {@code 2025-11-03}.
 */
public final class Evidence {
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter INSTANT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  private final List<String> names = new ArrayList<>();
  private final List<Object> values = new ArrayList<>();

  private Evidence() {}

  public static Evidence of() {
    return new Evidence();
  }

  public Evidence text(String name, String value) {
    return add(name, value);
  }

  /** A list of texts, written as a JSON array, or null. */
  public Evidence texts(String name, List<String> value) {
    return add(name, value == null ? null : new Texts(List.copyOf(value)));
  }

  public Evidence flag(String name, boolean value) {
    return add(name, value);
  }

  public Evidence number(String name, Integer value) {
    return add(name, value);
  }

  /** An instant in microseconds since the epoch, or null. */
  public Evidence instant(String name, Long micros) {
    return add(name, micros == null ? null : new Micros(micros));
  }

  public Evidence date(String name, LocalDate value) {
    return add(name, value);
  }

  private Evidence add(String name, Object value) {
    names.add(name);
    values.add(value);
    return this;
  }

  /** The field names, in order. */
  public List<String> names() {
    return List.copyOf(names);
  }

  /** The evidence as the findings table stores it. */
  public String json() {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      for (int i = 0; i < names.size(); i++) {
        json.writeFieldName(names.get(i));
        Object value = values.get(i);
        if (value == null) {
          json.writeNull();
        } else if (value instanceof String text) {
          json.writeString(text);
        } else if (value instanceof Boolean flag) {
          json.writeBoolean(flag);
        } else if (value instanceof Integer number) {
          json.writeNumber(number);
        } else if (value instanceof Micros micros) {
          json.writeString(format(micros.value()));
        } else if (value instanceof Texts texts) {
          json.writeStartArray();
          for (String text : texts.values()) {
            json.writeString(text);
          }
          json.writeEndArray();
        } else {
          json.writeString(value.toString());
        }
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** An instant as evidence writes it: to the millisecond, truncated, in UTC. */
  public static String format(long micros) {
    long seconds = Math.floorDiv(micros, 1_000_000L);
    long nanos = Math.floorMod(micros, 1_000_000L) * 1_000L;
    return INSTANT.format(Instant.ofEpochSecond(seconds, nanos));
  }

  private record Micros(long value) {}

  private record Texts(List<String> values) {}
}
