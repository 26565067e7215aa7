package dev.governor.ingest.webhook;

import dev.governor.ingest.internal.json.JsonTree;
import dev.governor.ingest.testing.Golden;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A golden payload with one field changed, for the tables of wrong values. */
final class Payloads {

  private static final Pattern STEP = Pattern.compile("([^.\\[]+)((?:\\[\\d+])*)");

  private Payloads() {}

  /**
   * The payload {@code webhooks/in-<name>.json} with the field at {@code path} ({@code builds[1].started_at})
   * set to the JSON {@code value}, or removed when {@code value} is {@code REMOVE}.
   */
  static byte[] with(String name, String path, String value) {
    return with(Golden.read(Path.of("src/test/resources/webhooks/in-" + name + ".json")).getBytes(StandardCharsets.UTF_8),
        path, value);
  }

  /** {@code json} with the field at {@code path} set to the JSON {@code value}, or removed when it is {@code REMOVE}. */
  static byte[] with(byte[] json, String path, String value) {
    Object root = JsonTree.read(json);
    String[] steps = path.split("\\.");
    Object node = root;
    for (int i = 0; i < steps.length; i++) {
      Matcher m = STEP.matcher(steps[i]);
      if (!m.matches()) throw new IllegalArgumentException(path);
      @SuppressWarnings("unchecked")
      Map<String, Object> object = (Map<String, Object>) node;
      List<Integer> indexes = Pattern.compile("\\[(\\d+)]").matcher(m.group(2)).results()
          .map(r -> Integer.parseInt(r.group(1))).toList();
      boolean last = i == steps.length - 1;
      if (last && indexes.isEmpty()) {
        if (value.equals("REMOVE")) object.remove(m.group(1));
        else object.put(m.group(1), JsonTree.read(value.getBytes(StandardCharsets.UTF_8)));
        break;
      }
      node = object.get(m.group(1));
      for (int k = 0; k < indexes.size(); k++) {
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) node;
        if (last && k == indexes.size() - 1) {
          if (value.equals("REMOVE")) list.remove((int) indexes.get(k));
          else list.set(indexes.get(k), JsonTree.read(value.getBytes(StandardCharsets.UTF_8)));
          return JsonTree.text(root).getBytes(StandardCharsets.UTF_8);
        }
        node = list.get(indexes.get(k));
      }
    }
    return JsonTree.text(root).getBytes(StandardCharsets.UTF_8);
  }
}
