package dev.governor.basics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NamesTest {

  /** The rule as the docs state it; {@link Names#isValid} checks it by hand. */
  private static final Pattern RULE = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,251}[a-z0-9])?");

  @Test
  void names_at_the_edges_of_the_rule() {
    assertThat(Names.isValid("a")).isTrue();
    assertThat(Names.isValid("checkout-availability")).isTrue();
    assertThat(Names.isValid("api.v2_latency")).isTrue();
    assertThat(Names.isValid("a".repeat(253))).isTrue();
    assertThat(Names.isValid("a".repeat(254))).isFalse();
    assertThat(Names.isValid("")).isFalse();
    assertThat(Names.isValid(null)).isFalse();
    assertThat(Names.isValid("-a")).isFalse();
    assertThat(Names.isValid("a-")).isFalse();
    assertThat(Names.isValid(".")).isFalse();
    assertThat(Names.isValid("Checkout")).isFalse();
    assertThat(Names.isValid("a b")).isFalse();
    assertThat(Names.isValid("caf\u00e9")).isFalse();
  }

  @Test
  void agrees_with_the_rules_regular_expression_on_random_strings() {
    Random random = new Random(17);
    String alphabet = "az09._-AZ /\u00e9@";
    for (int i = 0; i < 200_000; i++) {
      int length = random.nextInt(8) == 0 ? 250 + random.nextInt(6) : random.nextInt(6);
      StringBuilder name = new StringBuilder(length);
      for (int j = 0; j < length; j++) name.append(alphabet.charAt(random.nextInt(alphabet.length())));
      String value = name.toString();
      assertThat(Names.isValid(value)).as("'%s'", value).isEqualTo(RULE.matcher(value).matches());
    }
  }
}
