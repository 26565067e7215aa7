package dev.governor.basics;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value built once, the first time it is asked for: for resources that start threads of their
 * own (an HTTP client starts a selector thread that wakes every few seconds for ever) and that
 * many servers never use, such as the client of a webhook nobody configured.
 */
public final class OnFirstUse<T> implements Supplier<T> {

  private final Supplier<T> build;
  private volatile T value;

  public OnFirstUse(Supplier<T> build) {
    this.build = Objects.requireNonNull(build, "build");
  }

  @Override
  public T get() {
    T built = value;
    if (built != null) return built;
    synchronized (this) {
      if (value == null) value = Objects.requireNonNull(build.get(), "the built value");
      return value;
    }
  }

  /** Whether the value has been built, so that closing it need not build it first. */
  public boolean built() {
    return value != null;
  }
}
