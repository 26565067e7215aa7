package dev.governor.server.access;

import dev.governor.access.AccessStore;
import dev.governor.access.Account;
import dev.governor.access.AccountName;
import dev.governor.access.ApiToken;
import dev.governor.access.Principal;
import dev.governor.access.Role;
import dev.governor.access.Team;
import dev.governor.access.Teams;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Accounts, teams and tokens as every request reads them: immutable snapshots, swapped after each
 * change through this class, so that a request costs no database read for who someone is (a token
 * is looked up by its hash, once a minute at most).
 *
 * <p>Sign-in is on once anything can sign in: an account, a service-account token, single sign-on
 * or a legacy token in the configuration. Before that, on loopback, everyone is the anonymous admin,
 * as the quick start has always run; the first account made switches the server over.
 */
public final class AccessDirectory {

  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private final AccessStore store;
  private final InstantSource clock;
  private final Function<String, List<Team>> teamReader;
  private final boolean signOnConfigured;
  private final List<String> legacyTokenDigests;
  private volatile Map<AccountName, Account> accounts = Map.of();
  private volatile Teams teams = Teams.NONE;
  private volatile boolean anyToken;
  private final ConcurrentHashMap<Long, Instant> touched = new ConcurrentHashMap<>();

  /**
   * @param teamReader parses a stored Team document (it was valid when applied)
   * @param legacyTokens {@code auth.tokens}: bearer tokens that act as admins
   */
  public AccessDirectory(AccessStore store, InstantSource clock, Function<String, List<Team>> teamReader,
      boolean signOnConfigured, List<String> legacyTokens) {
    this.store = store;
    this.clock = clock;
    this.teamReader = teamReader;
    this.signOnConfigured = signOnConfigured;
    this.legacyTokenDigests = legacyTokens.stream().map(Digests::sha256).toList();
    reload();
  }

  /** Reads accounts, teams and whether any token exists again; after every change. */
  public synchronized void reload() {
    Map<AccountName, Account> byName = new java.util.TreeMap<>();
    for (Account a : store.accounts()) byName.put(a.name(), a);
    accounts = Map.copyOf(byName);
    teams = new Teams(store.teams().stream().flatMap(t -> teamReader.apply(t.source()).stream()).toList());
    anyToken = store.tokens().stream().anyMatch(t -> t.revokedAt().isEmpty());
  }

  public boolean signInOn() {
    return signOnConfigured || !legacyTokenDigests.isEmpty() || !accounts.isEmpty() || anyToken;
  }

  public Teams teams() {
    return teams;
  }

  public Optional<Account> account(AccountName name) {
    return Optional.ofNullable(accounts.get(name));
  }

  /** Every account, by name. */
  public List<Account> accounts() {
    return accounts.values().stream().sorted(java.util.Comparator.comparing(Account::name)).toList();
  }

  public AccessStore store() {
    return store;
  }

  /** A token just made: the secret, shown once, and what is stored of it. */
  public record IssuedToken(String secret, ApiToken token) {}

  /** Makes and stores a token: 256 random bits, {@code gov_}-prefixed so secret scanners know it. */
  public IssuedToken issueToken(String name, Optional<dev.governor.access.TeamName> team, Role role, String createdBy,
      Optional<Instant> expiresAt) {
    String secret = "gov_" + Digests.random(32);
    ApiToken stored = store.addToken(new ApiToken(0, name, team, role, Digests.sha256(secret), clock.instant(), createdBy,
        expiresAt, Optional.empty(), Optional.empty()));
    reload();
    return new IssuedToken(secret, stored);
  }

  /** The principal of a signed-in account, its team roles from membership and its sign-on groups. */
  public Principal principalOf(Account account, List<String> groups) {
    return new Principal(Principal.Kind.PERSON, account.name().value(), account.displayName(),
        Optional.of(account.globalRole()), teams.rolesOf(account.name(), groups));
  }

  /**
   * The principal a bearer token stands for, or empty when it is none of ours (or revoked, or
   * expired). A legacy token from the configuration is an admin named {@code token:legacy-N}.
   */
  public Optional<Principal> principalOfToken(String token) {
    String digest = Digests.sha256(token);
    for (int i = 0; i < legacyTokenDigests.size(); i++) {
      if (Digests.same(legacyTokenDigests.get(i), digest)) {
        return Optional.of(new Principal(Principal.Kind.SERVICE_ACCOUNT, "token:legacy-" + (i + 1),
            "legacy token " + (i + 1), Optional.of(Role.ADMIN), Map.of()));
      }
    }
    if (!anyToken) return Optional.empty();
    Instant now = clock.instant();
    Optional<ApiToken> found = store.tokenByHash(digest).filter(t -> t.validAt(now));
    found.ifPresent(t -> {
      Instant last = touched.get(t.id());
      if (last == null || !now.isBefore(last.plus(TOUCH_EVERY))) {
        touched.put(t.id(), now);
        store.touchToken(t.id(), now);
      }
    });
    return found.map(ApiToken::principal);
  }
}
