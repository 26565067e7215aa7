package dev.governor.oncall;

import dev.governor.notify.Channel;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A person who can be on call, and how to reach them. The time zone is the person's own, for
 * showing them their shifts; a schedule's hand-offs follow the schedule's zone.
 */
public record User(UserName name, Optional<String> displayName, Optional<ZoneId> timeZone, List<Channel> contacts)
    implements OnCallResource {

  public User {
    if (name == null) throw new IllegalArgumentException("a user needs a name");
    displayName = displayName.map(String::strip).filter(d -> !d.isEmpty());
    contacts = List.copyOf(contacts);
  }

  /** The display name, or the name when there is none: how a person is shown. */
  public String label() {
    return displayName.orElse(name.value());
  }

  @Override
  public OnCallKind kind() {
    return OnCallKind.USER;
  }

  @Override
  public String resourceName() {
    return name.value();
  }
}
