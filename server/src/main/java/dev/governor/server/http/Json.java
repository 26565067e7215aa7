package dev.governor.server.http;

import dev.governor.ingest.NumberLimits;
import io.javalin.json.JavalinJackson3;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one Jackson 3 mapper of the API, shared by Javalin and the handlers. */
public final class Json {

  /**
   * Properties keep the order the response records declare them in (Jackson 3 sorts them
   * alphabetically by default): "type, title, status" reads better than "detail, instance, status".
   */
  public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          // Numbers longer than any field holds are refused as they are read (issue: 1e999999999).
          .streamReadConstraints(NumberLimits.STREAM_READ_CONSTRAINTS)
          .build())
      .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .build();

  private Json() {}

  public static JavalinJackson3 javalinMapper() {
    return new JavalinJackson3(MAPPER, false);
  }

  /** JSON has no NaN or infinity; a number that is not finite is written as null. */
  public static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
