package io.trainaudit.evidence;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trainaudit.Errors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * JSON that stays inert wherever it is shown, and exact when parsed: besides what JSON requires,
 * {@code <}, {@code >}, {@code &} and {@code '} (markup), DEL and the C1 controls, and every
 * invisible formatting character (right-to-left overrides and marks, zero-width characters, line
 * and paragraph separators) are written as {@code \\uXXXX}. Other characters, non-Latin scripts
 * included, are written as UTF-8.
 */
final class SafeJson {
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static {
    PRETTY.getFactory().setCharacterEscapes(new Escapes());
  }

  private SafeJson() {}

  static void write(Object value, Path file) {
    try {
      PRETTY.writeValue(file.toFile(), value);
    } catch (IOException e) {
      throw Errors.io("write " + file, e);
    }
  }

  /** Whether a character is written as an escape beyond what JSON itself requires. */
  static boolean escaped(int ch) {
    if (ch < 0x80) {
      return ch == '<' || ch == '>' || ch == '&' || ch == '\'' || ch == 0x7F;
    }
    int type = Character.getType(ch);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  private static final class Escapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    Escapes() {
      for (int ch = 0; ch < 0x80; ch++) {
        if (escaped(ch)) {
          ascii[ch] = CharacterEscapes.ESCAPE_STANDARD;
        }
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return escaped(ch) ? new SerializedString(String.format(Locale.ROOT, "\\u%04X", ch)) : null;
    }
  }
}
