package io.trainaudit;

import java.util.Objects;

/**
 * The one exception type of the auditor. Each carries an {@link ErrorCode} that decides the
 * process exit code, and a message of the form "Cannot X: reason", built by {@link Errors}.
 */
public final class AuditException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public AuditException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public AuditException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }
}
