package dev.governor.status;

import dev.governor.basics.Names;
import dev.governor.basics.SloName;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The public status page: what it is called and the components (services, as the public knows
 * them) it shows. A component names where its state comes from: probes, SLOs and the service whose
 * open incidents count. Only the names written here for the public are ever shown: never an SLO's
 * or a probe's name, a label or a person.
 *
 * @param zone the time zone the day bars are counted in
 */
public record StatusPage(String name, String title, String description, ZoneId zone, List<Component> components) {

  public static final int MOST_COMPONENTS = 200;

  /**
   * One line of the page.
   *
   * @param key its name in URLs, feeds and the API (lowercase, as names go)
   * @param name what the public reads, such as "Checkout"
   * @param description a line for the public under the name; may be empty
   * @param probes whose latest runs and daily pass rates it shows
   * @param slos whose firing alerts, budgets and daily attainment it shows
   * @param service whose open incidents count against it; empty: none do
   */
  public record Component(String key, String name, String description, List<String> probes, List<SloName> slos,
      Optional<String> service) {
    public Component {
      Names.check(key, "a component's key");
      if (name == null || name.isBlank() || name.length() > 100) {
        throw new IllegalArgumentException("component " + key + " needs a public name of 1-100 characters");
      }
      if (description == null) description = "";
      probes = List.copyOf(probes);
      slos = List.copyOf(slos);
      if (probes.isEmpty() && slos.isEmpty() && service.isEmpty()) {
        throw new IllegalArgumentException("component " + key + " needs probes, slos or a service to take its state from");
      }
      service.ifPresent(s -> Names.check(s, "component " + key + "'s service"));
    }
  }

  public StatusPage {
    Names.check(name, "a status page's name");
    if (title == null || title.isBlank()) throw new IllegalArgumentException("a status page needs a title");
    if (description == null) description = "";
    components = List.copyOf(components);
    if (components.isEmpty() || components.size() > MOST_COMPONENTS) {
      throw new IllegalArgumentException("a status page shows 1 to " + MOST_COMPONENTS + " components, got " + components.size());
    }
    Set<String> keys = new HashSet<>();
    for (Component c : components) {
      if (!keys.add(c.key())) throw new IllegalArgumentException("component " + c.key() + " is listed twice");
    }
  }

  public Optional<Component> component(String key) {
    return components.stream().filter(c -> c.key().equals(key)).findFirst();
  }
}
