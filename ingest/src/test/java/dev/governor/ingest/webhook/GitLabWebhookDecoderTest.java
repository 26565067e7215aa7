package dev.governor.ingest.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.delivery.Deployment;
import dev.governor.ingest.alerting.PayloadProblem;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field the GitLab decoder reads, given what it must not hold, refuses the payload with one
 * problem naming that field; none of them gets past the decoder to become a 500.
 */
class GitLabWebhookDecoderTest {

  static final String ID = "a whole number from 1 to 9223372036854775807";
  static final String SHA = "a commit SHA of 7 to 64 hexadecimal digits";
  static final String TIME = "a time such as \"2026-03-02 09:36:12 UTC\", \"2026-03-02 10:36:12 +0100\" or"
      + " \"2026-03-02T09:36:12Z\" (years 0001 to 9999)";
  static final String RFC3339 = "an RFC 3339 time such as \"2026-03-02T09:30:00Z\" (years 0001 to 9999)";
  static final String ENVIRONMENT = "1-100 letters, digits, '.', '_', '/' or '-', starting with a letter or digit";

  static Arguments wrong(String path, String value, String message) {
    return Arguments.of(path, value, message);
  }

  static Stream<Arguments> pipelineFields() {
    return Stream.of(
        wrong("object_kind", "{}", "object_kind must be a string, got an object"),
        wrong("object_kind", "REMOVE", "object_kind is missing; GitLab names the event there, e.g. \"pipeline\""),
        wrong("object_attributes", "\"x\"", "object_attributes must be an object, got the string \"x\""),
        wrong("object_attributes", "REMOVE", "object_attributes is missing; a pipeline event describes the pipeline there"),
        wrong("object_attributes.ref", "{}", "object_attributes.ref must be a string, got an object"),
        wrong("object_attributes.ref", "REMOVE", "object_attributes.ref is missing; a pipeline names the branch or tag it ran for"),
        wrong("object_attributes.ref", "\" \"", "object_attributes.ref is blank; a pipeline names the branch or tag it ran for"),
        wrong("object_attributes.tag", "\"yes\"", "object_attributes.tag must be true or false, got the string \"yes\""),
        wrong("object_attributes.sha", "{}", "object_attributes.sha must be " + SHA + ", got an object"),
        wrong("object_attributes.sha", "\"main\"", "object_attributes.sha must be " + SHA + ", got the string \"main\""),
        wrong("object_attributes.before_sha", "[]", "object_attributes.before_sha must be a string, got a list"),
        wrong("object_attributes.before_sha", "\"HEAD~1\"", "object_attributes.before_sha must be " + SHA + ", got the string \"HEAD~1\""),
        wrong("object_attributes.url", "1", "object_attributes.url must be a string, got the number 1"),
        wrong("commit", "\"bcbb5ec\"", "commit must be an object, got the string \"bcbb5ec\""),
        // issue 10: a 500 from JsonNodeException before
        wrong("commit.id", "{}", "commit.id must be " + SHA + ", got an object"),
        wrong("commit.id", "1e308", "commit.id must be " + SHA + ", got the number 1E+308"),
        wrong("commit.timestamp", "1700000000", "commit.timestamp must be " + RFC3339 + ", got the number 1700000000"),
        wrong("commit.timestamp", "\"2026-03-02 09:23:21 UTC\"", "commit.timestamp must be " + RFC3339
            + ", got the string \"2026-03-02 09:23:21 UTC\""),
        wrong("builds", "{}", "builds must be a list of objects, got an object"),
        wrong("builds[0]", "380", "builds[0] must be an object, got the number 380"),
        wrong("builds[0].environment", "\"production\"", "builds[0].environment must be an object, got the string \"production\""),
        wrong("builds[0].environment.action", "{}", "builds[0].environment.action must be a string, got an object"),
        wrong("builds[0].environment.name", "{}", "builds[0].environment.name must be a string, got an object"),
        wrong("builds[0].environment.name", "REMOVE", "builds[0].environment.name is missing; name the environment the job deploys to"),
        wrong("builds[0].environment.name", "\"prod uction\"", "builds[0].environment.name must be " + ENVIRONMENT
            + ", got the string \"prod uction\"; rename the environment, e.g. \"production\""),
        wrong("builds[0].status", "true", "builds[0].status must be a string, got the boolean true"),
        wrong("builds[0].status", "REMOVE", "builds[0].status is missing; GitLab sends the job's status, e.g. \"success\""),
        wrong("builds[0].id", "1e308", "builds[0].id must be " + ID + ", got the number 1E+308"),
        wrong("builds[0].id", "9223372036854775808", "builds[0].id must be " + ID + ", got the number 9223372036854775808"),
        wrong("builds[0].id", "-380", "builds[0].id must be " + ID + ", got the number -380"),
        wrong("builds[0].id", "0", "builds[0].id must be " + ID + ", got the number 0"),
        wrong("builds[0].id", "380.5", "builds[0].id must be " + ID + ", got the number 380.5"),
        wrong("builds[0].id", "\"380\"", "builds[0].id must be " + ID + ", got the string \"380\""),
        wrong("builds[0].id", "REMOVE", "builds[0].id is missing; GitLab numbers every job"),
        wrong("builds[0].started_at", "\"not a time\"", "builds[0].started_at must be " + TIME + ", got the string \"not a time\""),
        wrong("builds[0].started_at", "{}", "builds[0].started_at must be " + TIME + ", got an object"),
        wrong("builds[0].started_at", "\"10000-01-01 00:00:00 UTC\"", "builds[0].started_at must be " + TIME
            + ", got the string \"10000-01-01 00:00:00 UTC\""),
        wrong("builds[0].finished_at", "\"2026-03-02 09:36:11 UTC\"", "builds[0].finished_at is before"
            + " builds[0].started_at; a job finishes after it starts"),
        wrong("builds[0].finished_at", "[]", "builds[0].finished_at must be " + TIME + ", got a list"),
        wrong("project", "REMOVE", "project is missing; GitLab names the project, whose name is the service's"),
        wrong("project.name", "{}", "project.name must be a string, got an object"),
        wrong("project.name", "\"---\"", "project.name must name the service with at least one letter or digit,"
            + " and at most 253 characters, got the string \"---\""),
        wrong("project.web_url", "false", "project.web_url must be a string, got the boolean false"),
        wrong("user", "\"root\"", "user must be an object, got the string \"root\""),
        wrong("user.username", "1", "user.username must be a string, got the number 1"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("pipelineFields")
  void a_pipeline_with_a_wrong_field_is_refused_naming_it(String path, String value, String message) {
    DecodedDelivery decoded = GitLabWebhookDecoder.decode(Payloads.with("gitlab-pipeline", path, value));

    assertThat(decoded.content()).isEmpty();
    assertThat(decoded.problems()).containsExactly(new PayloadProblem(path, message));
  }

  static Stream<Arguments> deploymentFields() {
    return Stream.of(
        wrong("status", "{}", "status must be a string, got an object"),
        wrong("status", "REMOVE", "status is missing; GitLab sends created, running, success, failed or canceled"),
        // issue 10: a 500 from JsonNodeException before
        wrong("deployable_id", "1e308", "deployable_id must be " + ID + ", got the number 1E+308"),
        wrong("deployable_id", "-380", "deployable_id must be " + ID + ", got the number -380"),
        wrong("deployable_id", "380.25", "deployable_id must be " + ID + ", got the number 380.25"),
        wrong("deployable_id", "\"380\"", "deployable_id must be " + ID + ", got the string \"380\""),
        wrong("deployable_id", "{}", "deployable_id must be " + ID + ", got an object"),
        wrong("status_changed_at", "\"yesterday\"", "status_changed_at must be " + TIME + ", got the string \"yesterday\""),
        wrong("status_changed_at", "REMOVE", "status_changed_at is missing; send a time such as \"2026-03-02 09:36:12 UTC\""),
        wrong("commit_url", "{}", "commit_url must be a string, got an object"),
        wrong("commit_url", "\"https://gitlab.example.com/payments/search/-/commit/main\"",
            "commit_url must end with the commit's SHA, got the string \"https://gitlab.example.com/payments/search/-/commit/main\""),
        wrong("environment", "{}", "environment must be a string, got an object"),
        wrong("environment", "\"prod uction\"", "environment must be " + ENVIRONMENT
            + ", got the string \"prod uction\"; rename the environment, e.g. \"production\""),
        wrong("project", "[]", "project must be an object, got a list"),
        wrong("project.name", "REMOVE", "project.name is missing; the project's name is the service's"),
        wrong("ref", "{}", "ref must be a string, got an object"),
        wrong("user.username", "[]", "user.username must be a string, got a list"),
        wrong("deployable_url", "1", "deployable_url must be a string, got the number 1"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("deploymentFields")
  void a_deployment_with_a_wrong_field_is_refused_naming_it(String path, String value, String message) {
    DecodedDelivery decoded = GitLabWebhookDecoder.decode(Payloads.with("gitlab-deployment", path, value));

    assertThat(decoded.content()).isEmpty();
    assertThat(decoded.problems()).containsExactly(new PayloadProblem(path, message));
  }

  @Test
  void a_deployment_without_a_job_is_keyed_by_its_deployment_id_which_must_be_a_whole_number_too() {
    DecodedDelivery noJob = GitLabWebhookDecoder.decode(Payloads.with("gitlab-deployment", "deployable_id", "null"));
    assertThat(noJob.content().orElseThrow().deployments()).extracting(d -> d.id().value())
        .containsExactly("gitlab-deployment-15");

    byte[] badId = new String(Payloads.with("gitlab-deployment", "deployable_id", "REMOVE"), UTF_8)
        .replace("\"deployment_id\":15", "\"deployment_id\":1e308").getBytes(UTF_8);
    assertThat(GitLabWebhookDecoder.decode(badId).problems())
        .containsExactly(new PayloadProblem("deployment_id", "deployment_id must be " + ID + ", got the number 1E+308"));
  }

  @Test
  void without_commit_url_the_short_sha_names_the_commit_and_must_be_one() {
    byte[] json = Payloads.with("gitlab-deployment", "commit_url", "REMOVE");
    assertThat(GitLabWebhookDecoder.decode(json).content().orElseThrow().deployments().getFirst().commitSha())
        .isEqualTo("bcbb5ec3");

    String noSha = new String(json, UTF_8).replace("\"short_sha\":\"bcbb5ec3\",", "");
    assertThat(GitLabWebhookDecoder.decode(noSha.getBytes(UTF_8)).problems()).containsExactly(new PayloadProblem(
        "short_sha", "short_sha is missing; a deployment names its commit in commit_url or short_sha"));
  }

  @Test
  void a_job_without_started_at_started_when_it_was_created_which_must_be_a_time_then() {
    byte[] noStart = Payloads.with("gitlab-pipeline", "builds[0].started_at", "null");
    assertThat(GitLabWebhookDecoder.decode(noStart).content().orElseThrow().deployments().getFirst().startedAt())
        .isEqualTo(Instant.parse("2026-03-02T09:23:28Z"));

    byte[] badCreated = Payloads.with(noStart, "builds[0].created_at", "{}");
    assertThat(GitLabWebhookDecoder.decode(badCreated).problems()).extracting(PayloadProblem::field)
        .containsExactly("builds[0].created_at");
  }

  @Test
  void a_pipeline_refused_for_its_second_build_reports_every_problem_and_returns_no_records() {
    // issue 10, point 3: the first build's deployment and the commit were stored before the second
    // build's time was found wrong.
    byte[] json = new String(Payloads.with("gitlab-pipeline", "builds[1].environment",
        "{\"name\": \"canary\", \"action\": \"start\"}"), UTF_8)
        .replace("\"started_at\":\"2026-03-02 09:26:12 UTC\"", "\"started_at\":\"not a time\"").getBytes(UTF_8);

    DecodedDelivery decoded = GitLabWebhookDecoder.decode(json);

    assertThat(decoded.content()).isEmpty();
    assertThat(decoded.problems()).containsExactly(new PayloadProblem("builds[1].started_at",
        "builds[1].started_at must be " + TIME + ", got the string \"not a time\""));
  }

  @Test
  void a_pipeline_without_a_commit_that_deploys_names_what_is_missing_but_one_that_does_not_deploy_is_fine() {
    String noCommit = new String(Payloads.with("gitlab-pipeline", "commit", "null"), UTF_8)
        .replace("\"sha\":\"bcbb5ec396a2c0f828686f14fac9b80b780504f2\",", "");
    assertThat(GitLabWebhookDecoder.decode(noCommit.getBytes(UTF_8)).problems()).containsExactly(new PayloadProblem(
        "object_attributes.sha", "object_attributes.sha is missing, and so is commit.id; a pipeline that deploys"
            + " names its commit"));

    byte[] noDeploy = Payloads.with("gitlab-pipeline", "builds", "[]");
    assertThat(GitLabWebhookDecoder.decode(noDeploy).content().orElseThrow().notes())
        .containsExactly("commit bcbb5ec396a2c0f828686f14fac9b80b780504f2 recorded");
  }

  @Test
  void events_not_used_and_statuses_not_recorded_store_nothing_and_say_so() {
    assertThat(GitLabWebhookDecoder.decode("{\"object_kind\": \"push\"}".getBytes(UTF_8)).content().orElseThrow().notes())
        .containsExactly("event 'push' is not used");
    DeliveryContent canceled = GitLabWebhookDecoder.decode(Payloads.with("gitlab-deployment", "status", "\"canceled\""))
        .content().orElseThrow();
    assertThat(canceled.deployments()).isEmpty();
    assertThat(canceled.notes()).containsExactly("status 'canceled' is not recorded");
  }

  @Test
  void a_body_that_is_not_a_json_object_is_one_problem_of_the_whole_payload() {
    assertThat(GitLabWebhookDecoder.decode("[1]".getBytes(UTF_8)).problems()).extracting(PayloadProblem::field)
        .containsExactly("");
    assertThat(GitLabWebhookDecoder.decode("{\"object_kind\": ".getBytes(UTF_8)).problems().getFirst().message())
        .startsWith("the body is not valid JSON");
  }

  @Test
  void values_are_quoted_in_problems_bounded() {
    String longText = "x".repeat(100_000);
    byte[] json = ("{\"object_kind\": \"deployment\", \"status\": \"success\", \"deployable_id\": 1e308,"
        + " \"deployment_id\": 7, \"status_changed_at\": \"" + longText + "\","
        + " \"short_sha\": \"" + longText + "\", \"project\": {\"name\": \"search\"}}").getBytes(UTF_8);

    List<PayloadProblem> problems = GitLabWebhookDecoder.decode(json).problems();

    assertThat(problems).extracting(PayloadProblem::field).containsExactly("deployable_id", "status_changed_at", "short_sha");
    assertThat(problems.getFirst().message()).endsWith("got the number 1E+308");
    assertThat(problems).allSatisfy(p -> assertThat(p.message().length()).isLessThan(400));
  }

  @Test
  void a_number_beyond_any_field_is_refused_as_it_is_read_never_written_out() {
    for (String huge : List.of("1e999999999", "1e2100000000", "9".repeat(900))) {
      byte[] json = ("{\"object_kind\": \"deployment\", \"deployable_id\": " + huge + "}").getBytes(UTF_8);

      List<PayloadProblem> problems = GitLabWebhookDecoder.decode(json).problems();

      assertThat(problems).singleElement().satisfies(p -> {
        assertThat(p.message()).startsWith("the body is not valid JSON").hasSizeLessThan(400);
      });
    }
  }

  @Test
  void a_gitlab_time_may_carry_an_offset_or_a_zone_name_or_be_rfc_3339() {
    for (String time : List.of("2026-03-02 10:41:29 +0100", "2026-03-02 09:41:29 UTC", "2026-03-02T09:41:29Z")) {
      Deployment d = GitLabWebhookDecoder.decode(Payloads.with("gitlab-deployment", "status_changed_at", "\"" + time + "\""))
          .content().orElseThrow().deployments().getFirst();
      assertThat(d.startedAt()).as(time).isEqualTo(Instant.parse("2026-03-02T09:41:29Z"));
    }
  }
}
