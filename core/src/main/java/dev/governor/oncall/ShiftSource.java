package dev.governor.oncall;

/** What put someone on call: a rotation layer of the schedule or one of its overrides. */
public sealed interface ShiftSource {

  /** "layer weekly", "overrides[0]": how the source is named in the API and in the YAML. */
  String label();

  record OfLayer(String layer) implements ShiftSource {
    @Override
    public String label() {
      return "layer " + layer;
    }
  }

  /** The override at {@code index} of the schedule's {@code overrides}, counted from 0 as YAML paths are. */
  record OfOverride(int index) implements ShiftSource {
    @Override
    public String label() {
      return "overrides[" + index + "]";
    }
  }
}
