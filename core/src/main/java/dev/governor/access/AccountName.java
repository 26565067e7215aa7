package dev.governor.access;

import dev.governor.basics.Names;

/**
 * How an account signs in and is named in the audit log and on incident timelines. The same name
 * as the person's on-call {@code User}, so that a page and the account that acknowledges it meet.
 */
public record AccountName(String value) implements Comparable<AccountName> {

  public AccountName {
    Names.check(value, "an account name");
  }

  public static AccountName of(String value) {
    return new AccountName(value);
  }

  @Override
  public int compareTo(AccountName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
