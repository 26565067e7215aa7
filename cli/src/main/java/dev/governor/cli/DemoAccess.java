package dev.governor.cli;

import dev.governor.access.AccessStore;
import dev.governor.access.Account;
import dev.governor.access.AccountName;
import dev.governor.access.ApiToken;
import dev.governor.access.Role;
import dev.governor.server.GovernorServer;
import dev.governor.server.access.AccessDirectory;
import dev.governor.server.access.Passwords;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The demo's people: {@code admin}, whom a browser on the demo is signed in as without a password
 * ({@code auth.autoSignIn}), {@code viewer}, who may only read, and a token the demo's own traffic and
 * the printed commands use. Fresh passwords and a fresh token every start, printed in the banner:
 * the demo keeps no secret worth stealing, and a data directory from an older demo still works.
 */
record DemoAccess(String token, String adminPassword, String viewerPassword) {

  static final String ADMIN = "admin";
  static final String VIEWER = "viewer";
  private static final String TOKEN_NAME = "demo";
  private static final SecureRandom RANDOM = new SecureRandom();

  static DemoAccess setUp(GovernorServer server) {
    AccessDirectory directory = server.access().directory();
    AccessStore store = directory.store();
    Passwords passwords = new Passwords();
    Instant now = Instant.now();
    String adminPassword = random(12);
    String viewerPassword = random(12);
    store.saveAccount(directory.account(AccountName.of(ADMIN)).orElseGet(() -> new Account(AccountName.of(ADMIN),
            "Demo Admin", Optional.empty(), Role.ADMIN, Optional.empty(), Account.Origin.LOCAL, false, now))
        .withGlobalRole(Role.ADMIN).withDisabled(false).withPasswordHash(passwords.hash(adminPassword.toCharArray())));
    store.saveAccount(directory.account(AccountName.of(VIEWER)).orElseGet(() -> new Account(AccountName.of(VIEWER),
            "Demo Viewer", Optional.empty(), Role.VIEWER, Optional.empty(), Account.Origin.LOCAL, false, now))
        .withGlobalRole(Role.VIEWER).withDisabled(false).withPasswordHash(passwords.hash(viewerPassword.toCharArray())));
    for (ApiToken old : store.tokens()) {
      if (old.name().equals(TOKEN_NAME) && old.revokedAt().isEmpty()) store.revokeToken(old.id(), now);
    }
    directory.reload();
    String token = directory.issueToken(TOKEN_NAME, Optional.empty(), Role.ADMIN, "demo", Optional.empty()).secret();
    return new DemoAccess(token, adminPassword, viewerPassword);
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

}
