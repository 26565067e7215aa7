package dev.governor.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {

  final Passwords passwords = new Passwords();

  @Test
  void aHash_verifiesItsPassword_andNoOther_withAFreshSaltEachTime() {
    String first = passwords.hash("correct horse battery staple".toCharArray());
    String second = passwords.hash("correct horse battery staple".toCharArray());

    assertThat(first).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(salt(first)).isNotEqualTo(salt(second));
    assertThat(passwords.matches("correct horse battery staple".toCharArray(), first)).isTrue();
    assertThat(passwords.matches("correct horse battery staple".toCharArray(), second)).isTrue();
    assertThat(passwords.matches("correct horse battery stapler".toCharArray(), first)).isFalse();
    assertThat(passwords.needsRehash(first)).isFalse();
  }

  @Test
  void aPasswordBeyondAscii_roundTrips() {
    char[] password = "pässwörd 🔑 ключ".toCharArray();
    String hash = passwords.hash(password);
    assertThat(passwords.matches("pässwörd 🔑 ключ".toCharArray(), hash)).isTrue();
    assertThat(passwords.matches("passwörd 🔑 ключ".toCharArray(), hash)).isFalse();
  }

  @Test
  void theArgon2ReferenceVectors_verify() {
    // The Argon2id, version 0x13 vectors of the reference implementation's src/test.c
    // (P-H-C/phc-winner-argon2): password "password", salt "somesalt", t=2, m=2^8 KiB, p=1 and p=2.
    String p1 = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
    String p2 = "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc";

    assertThat(passwords.matches("password".toCharArray(), p1)).isTrue();
    assertThat(passwords.matches("password".toCharArray(), p2)).isTrue();
    assertThat(passwords.matches("passwore".toCharArray(), p1)).isFalse();
    assertThat(passwords.matches("password".toCharArray(), p1.replace("p=1", "p=2"))).as("parameters are used").isFalse();
    assertThat(passwords.needsRehash(p1)).as("weaker than today's parameters").isTrue();
  }

  @Test
  void aHashMadeByAnotherImplementation_verifies() {
    // Made by hash-wasm (npm, an independent Argon2 in WebAssembly): argon2id({password: 'password',
    // salt: 'somesalt', parallelism: 1, iterations: 2, memorySize: 1024, hashLength: 32, outputType: 'encoded'})
    String reference = "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQ$7FfsnA6vUe7qLpL/3Kqc3uR48ZJyFbUVt7jWZlf0Htk";
    assertThat(passwords.matches("password".toCharArray(), reference)).isTrue();
    assertThat(passwords.matches("passwore".toCharArray(), reference)).isFalse();
    assertThat(passwords.needsRehash(reference)).as("weaker than today's parameters").isTrue();
  }

  @Test
  void malformedHashes_neverMatch_neverThrow_andNeedRehash() {
    String good = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
    String[] bad = {
        "", "plain", "$", "$$$$$", "$argon2id$", good + "$", good.substring(0, good.length() - 44),
        good.replace("$argon2id$", "$argon2i$"), good.replace("v=19", "v=16"), good.replace("$v=19", ""),
        good.replace("m=256", "m=999999999"), good.replace("m=256", "m=99999999999999999999"),
        good.replace("m=256", "m=-1"), good.replace("t=2", "t=0"), good.replace("p=1", "p=0"),
        good.replace("p=1", "p=1,k=2"), good.replace("m=256,", ""), good.replace("m=256", "m="),
        good.replace("c29tZXNhbHQ", "!!!"), good.replace("c29tZXNhbHQ", "c29t"), good.replace("c29tZXNhbHQ", ""),
        good.substring(0, good.lastIndexOf('$') + 1) + "aGFzaA", // a 4-byte hash
        "$argon2id$v=19$m=x$a$b", "$".repeat(600), good + "A".repeat(600)};
    for (String encoded : bad) {
      assertThat(passwords.matches("password".toCharArray(), encoded)).as(encoded).isFalse();
      assertThat(passwords.needsRehash(encoded)).as(encoded).isTrue();
    }
    assertThat(passwords.matches("x".toCharArray(), null)).isFalse();
    assertThat(passwords.needsRehash(null)).isTrue();
  }

  @Test
  void oddButReadableParameters_answerWithoutThrowing() {
    // More lanes than the memory allows for is rounded up by Argon2, not refused.
    String manyLanes = "$argon2id$v=19$m=8,t=1,p=16$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
    assertThat(passwords.matches("password".toCharArray(), manyLanes)).isFalse();
  }

  @Test
  void theDummyHash_isOneOfToday_andMatchesNoPasswordTried() {
    assertThat(Passwords.DUMMY).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(passwords.needsRehash(Passwords.DUMMY)).isFalse();
    assertThat(passwords.matches("".toCharArray(), Passwords.DUMMY)).isFalse();
    assertThat(passwords.matches("password1234".toCharArray(), Passwords.DUMMY)).isFalse();
  }

  @Test
  void aShortOrHugePassword_isRefused_sayingHowToFixIt() {
    assertThat(Passwords.problemWith("short".toCharArray())).get().asString().contains("at least 12").contains("got 5");
    assertThat(Passwords.problemWith("x".repeat(1025).toCharArray())).get().asString()
        .contains("at most 1024").contains("got 1025");
    assertThat(Passwords.problemWith("twelve chars".toCharArray())).isEmpty();
    assertThat(Passwords.problemWith("x".repeat(1024).toCharArray())).isEmpty();
  }

  private static String salt(String encoded) {
    return encoded.split("\\$")[4];
  }
}
