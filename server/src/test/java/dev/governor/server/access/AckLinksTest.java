package dev.governor.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AckLinksTest {

  /** A clock the test moves by hand. */
  static final class Clock implements InstantSource {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }
  }

  static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  final Clock clock = new Clock();
  final byte[] key = "k".repeat(32).getBytes();
  final AckLinks links = new AckLinks(key, clock, Duration.ofHours(24));

  @Test
  void aToken_namesItsIncidentAndPerson_andTwoTokensDiffer() {
    String token = links.token(12, "erin");

    AckLinks.Result result = links.verify(token, 12);
    assertThat(result).isInstanceOfSatisfying(AckLinks.Result.Valid.class, v -> {
      assertThat(v.incident()).isEqualTo(12);
      assertThat(v.person()).isEqualTo("erin");
      assertThat(v.expiresAt()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
      assertThat(v.linkHash()).matches("[0-9a-f]{64}");
    });
    assertThat(token).as("URL-safe, no padding").matches("[A-Za-z0-9_.-]+");
    String again = links.token(12, "erin");
    assertThat(again).isNotEqualTo(token);
    assertThat(((AckLinks.Result.Valid) links.verify(again, 12)).linkHash())
        .isNotEqualTo(((AckLinks.Result.Valid) result).linkHash());
  }

  @Test
  void aToken_worksUntilItsExpiry_andNotFromThen() {
    String token = links.token(12, "erin");

    clock.advance(Duration.ofHours(24).minusSeconds(1));
    assertThat(links.verify(token, 12)).isInstanceOf(AckLinks.Result.Valid.class);
    clock.advance(Duration.ofSeconds(1));
    assertThat(links.verify(token, 12)).isEqualTo(new AckLinks.Result.Invalid("it expired at 2026-12-02T10:00:00Z"));
  }

  @Test
  void aTokenForAnotherIncident_orChangedInAnyField_isRefused() {
    String token = links.token(12, "erin");
    String[] parts = token.split("\\.");
    String mallory = Base64.getUrlEncoder().withoutPadding().encodeToString("mallory".getBytes());

    assertThat(links.verify(token, 13)).isEqualTo(new AckLinks.Result.Invalid("it was made for another incident"));
    assertThat(links.verify(String.join(".", "13", parts[1], parts[2], parts[3], parts[4]), 13))
        .isEqualTo(new AckLinks.Result.Invalid("its signature does not match"));
    assertThat(links.verify(String.join(".", parts[0], mallory, parts[2], parts[3], parts[4]), 12))
        .isEqualTo(new AckLinks.Result.Invalid("its signature does not match"));
    assertThat(links.verify(String.join(".", parts[0], parts[1], "99999999999", parts[3], parts[4]), 12))
        .isEqualTo(new AckLinks.Result.Invalid("its signature does not match"));
    assertThat(links.verify(String.join(".", parts[0], parts[1], parts[2], "AAAAAAAAAAAAAAAA", parts[4]), 12))
        .isEqualTo(new AckLinks.Result.Invalid("its signature does not match"));
    assertThat(new AckLinks("o".repeat(32).getBytes(), clock, Duration.ofHours(1)).verify(token, 12))
        .isEqualTo(new AckLinks.Result.Invalid("its signature does not match"));
  }

  @Test
  void anotherSpellingOfTheSameSignature_isRefused_soThatSingleUseByHashHolds() {
    String token = links.token(12, "erin");
    // A 32-byte MAC is 43 base64 characters whose last one carries 2 unused bits; decoders accept
    // them set, and a trailing '=', as the same bytes.
    char last = token.charAt(token.length() - 1);
    char sameBytes = ALPHABET.charAt(ALPHABET.indexOf(last) ^ 1);
    String flipped = token.substring(0, token.length() - 1) + sameBytes;
    assertThat(Base64.getUrlDecoder().decode(flipped.substring(flipped.lastIndexOf('.') + 1)))
        .as("the premise: both spellings decode alike")
        .isEqualTo(Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1)));

    assertThat(links.verify(token + "=", 12)).isEqualTo(new AckLinks.Result.Invalid("its signature does not match"));
    assertThat(links.verify(flipped, 12)).isEqualTo(new AckLinks.Result.Invalid("its signature does not match"));
  }

  @Test
  void garbage_isRefused_andAnOverlongToken_isMalformedWithoutBeingParsed() {
    for (String bad : new String[] {"", "abc", "1.2.3.4", "1.2.3.4.5", "1.2.3.4.5.6", "1.%%%.3.4.5", "....", null}) {
      assertThat(links.verify(bad, 1)).as(String.valueOf(bad)).isInstanceOf(AckLinks.Result.Invalid.class);
    }
    String token = links.token(12, "erin");
    assertThat(links.verify(token + "x".repeat(1025 - token.length()), 12))
        .isEqualTo(new AckLinks.Result.Invalid("it is malformed"));
    assertThat(links.verify("1.2.3.4.5" + ".".repeat(2000), 1)).isEqualTo(new AckLinks.Result.Invalid("it is malformed"));
  }

  @Test
  void aWeakKey_aNonPositiveValidity_andABadPersonName_areRefusedWhenMade() {
    assertThatThrownBy(() -> new AckLinks(new byte[16], clock, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 16");
    assertThatThrownBy(() -> new AckLinks(key, clock, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    assertThatThrownBy(() -> links.token(12, "Erin.Example@x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Erin.Example@x");
  }
}
