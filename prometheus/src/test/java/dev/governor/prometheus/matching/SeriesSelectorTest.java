package dev.governor.prometheus.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SeriesSelectorTest {

  private static final Labels OK = Labels.of("__name__", "http_requests_total", "job", "checkout", "code", "200");
  private static final Labels ERROR = Labels.of("__name__", "http_requests_total", "job", "checkout", "code", "503");
  private static final Labels OTHER_JOB = Labels.of("__name__", "http_requests_total", "job", "search", "code", "200");
  private static final Labels NO_CODE = Labels.of("__name__", "http_requests_total", "job", "checkout");

  static Stream<Arguments> matching() {
    return Stream.of(
        Arguments.of("a bare metric name matches every series of that metric", "http_requests_total", OK, true),
        Arguments.of("a bare metric name does not match another metric", "http_requests", OK, false),
        Arguments.of("= matches the exact value", "http_requests_total{job=\"checkout\"}", OK, true),
        Arguments.of("= does not match another value", "http_requests_total{job=\"checkout\"}", OTHER_JOB, false),
        Arguments.of("!= excludes the value", "http_requests_total{job!=\"checkout\"}", OK, false),
        Arguments.of("!= keeps other values", "http_requests_total{job!=\"checkout\"}", OTHER_JOB, true),
        Arguments.of("=~ is anchored at both ends, so 5.. does not match 2500", "x{code=~\"5..\"}",
            Labels.of("__name__", "x", "code", "2500"), false),
        Arguments.of("=~ matches a whole value", "http_requests_total{code=~\"5..\"}", ERROR, true),
        Arguments.of("!~ excludes regex matches", "http_requests_total{code!~\"5..\"}", ERROR, false),
        Arguments.of("!~ keeps the rest", "http_requests_total{code!~\"5..\"}", OK, true),
        Arguments.of("an absent label reads as empty, so != matches it", "http_requests_total{code!=\"200\"}", NO_CODE, true),
        Arguments.of("an absent label reads as empty, so =\"\" matches it", "http_requests_total{code=\"\"}", NO_CODE, true),
        Arguments.of("an absent label fails a regex that needs a character", "http_requests_total{code=~\".+\"}", NO_CODE, false),
        Arguments.of("alternation is anchored as a whole", "http_requests_total{code=~\"2..|3..\"}", OK, true),
        Arguments.of("the metric name may be given as __name__", "{__name__=\"http_requests_total\", job=\"checkout\"}", OK, true),
        Arguments.of("a regex on __name__ selects several metrics", "{__name__=~\"http_.*\", job=\"checkout\"}", OK, true),
        Arguments.of("single quotes and a trailing comma are PromQL too", "http_requests_total{job='checkout',}", OK, true),
        Arguments.of("back quotes take backslashes literally", "x{path=~`/a\\d+`}",
            Labels.of("__name__", "x", "path", "/a12"), true),
        Arguments.of("a double-quoted regex escapes its backslash", "x{path=~\"/a\\\\d+\"}",
            Labels.of("__name__", "x", "path", "/a12"), true),
        Arguments.of("dot matches a newline, as in Prometheus", "x{v=~\"a.b\"}", Labels.of("__name__", "x", "v", "a\nb"), true),
        Arguments.of("spaces around matchers are allowed", "  http_requests_total { job = \"checkout\" , code != \"503\" } ", OK, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matching")
  void matches(String sentence, String selector, Labels series, boolean expected) {
    assertThat(SeriesSelector.parse(selector).matches(series)).isEqualTo(expected);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("an empty query is refused", "", "got nothing"),
        Arguments.of("a function call is not a plain selector", "rate(http_requests_total[5m])", "only a plain series selector"),
        Arguments.of("a range is not a plain selector", "http_requests_total{job=\"a\"}[5m]", "only a plain series selector"),
        Arguments.of("a value must be quoted", "http_requests_total{code=200}", "column 26"),
        Arguments.of("an unknown operator is named", "x{code==\"200\"}", "expected a quoted label value after code="),
        Arguments.of("an unclosed brace is reported", "x{code=\"200\"", "expected } to close"),
        Arguments.of("an unclosed string is reported", "x{code=\"200}", "not closed"),
        Arguments.of("the metric name cannot be set twice", "x{__name__=\"y\"}", "set twice"),
        Arguments.of("a selector that matches everything is refused", "{job=~\".*\"}", "would match every series"),
        Arguments.of("a regex that does not compile is refused", "x{code=~\"5(\"}", "does not compile"),
        Arguments.of("look-ahead is refused, RE2 has none", "x{code=~\"(?!5)..\"}", "RE2 does not support"),
        Arguments.of("back-references are refused, RE2 has none", "x{code=~\"(5)\\\\1\"}", "RE2 does not support"),
        Arguments.of("an unknown escape says how to write a backslash", "x{path=~\"\\d\"}", "unknown escape \\d"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refuses(String sentence, String selector, String message) {
    assertThatThrownBy(() -> SeriesSelector.parse(selector))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @org.junit.jupiter.api.Test
  void anEscapedPlus_isNotTakenForAPossessiveQuantifier() {
    assertThat(SeriesSelector.parse("x{v=~\"a\\\\++\"}").matches(Labels.of("__name__", "x", "v", "a++"))).isTrue();
  }
}
