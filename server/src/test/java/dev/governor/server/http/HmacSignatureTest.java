package dev.governor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.verification.RollbackHook;
import org.junit.jupiter.api.Test;

class HmacSignatureTest {

  @Test
  void sha256_matchesTheKnownVectorOfRfc4231TestCase2() {
    // RFC 4231, 4.3: key "Jefe", data "what do ya want for nothing?".
    assertThat(HmacSignature.sha256("Jefe", "what do ya want for nothing?"))
        .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void sha256_signsTheUtf8BytesOfTheBody() {
    // Computed independently with Python: hmac.new(b"s3cret", body.encode("utf-8"), "sha256").
    assertThat(HmacSignature.sha256("s3cret", "{\"subject\":\"Zahlung fehlgeschlagen ✗\"}"))
        .isEqualTo("sha256=7fe21c67c09a1d196fd242a61d7016c745bfa3f19937ec459b674f62a9c35479");
  }

  @Test
  void theRollbackHook_signsTheSameWay() {
    assertThat(RollbackHook.signature("Jefe", "what do ya want for nothing?"))
        .isEqualTo(HmacSignature.sha256("Jefe", "what do ya want for nothing?"));
  }
}
