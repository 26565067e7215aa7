package dev.governor.ingest.webhook;

import dev.governor.ingest.alerting.PayloadProblem;
import java.util.List;
import java.util.Optional;

/**
 * A decoded webhook payload: what it tells Governor when it has no problem, otherwise every
 * problem and nothing else. A payload is taken or refused whole, so a refused one changes nothing.
 */
public record DecodedDelivery(Optional<DeliveryContent> content, List<PayloadProblem> problems) {
  public DecodedDelivery {
    problems = List.copyOf(problems);
    if (content.isPresent() != problems.isEmpty()) {
      throw new IllegalArgumentException("a decoded delivery has either its content or its problems");
    }
  }

  static DecodedDelivery of(DeliveryContent content) {
    return new DecodedDelivery(Optional.of(content), List.of());
  }

  static DecodedDelivery refused(List<PayloadProblem> problems) {
    return new DecodedDelivery(Optional.empty(), problems);
  }

  public boolean isValid() {
    return problems.isEmpty();
  }
}
