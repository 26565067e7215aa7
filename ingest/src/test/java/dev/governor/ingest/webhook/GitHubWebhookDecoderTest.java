package dev.governor.ingest.webhook;

import static dev.governor.ingest.webhook.GitLabWebhookDecoderTest.ENVIRONMENT;
import static dev.governor.ingest.webhook.GitLabWebhookDecoderTest.ID;
import static dev.governor.ingest.webhook.GitLabWebhookDecoderTest.RFC3339;
import static dev.governor.ingest.webhook.GitLabWebhookDecoderTest.SHA;
import static dev.governor.ingest.webhook.GitLabWebhookDecoderTest.wrong;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.ingest.alerting.PayloadProblem;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field the GitHub decoder reads, given what it must not hold, refuses the payload with one
 * problem naming that field.
 */
class GitHubWebhookDecoderTest {

  static Stream<Arguments> deploymentStatusFields() {
    return Stream.of(
        wrong("deployment_status", "\"success\"", "deployment_status must be an object, got the string \"success\""),
        wrong("deployment_status", "REMOVE", "deployment_status is missing; a deployment_status event carries the status there"),
        wrong("deployment_status.state", "{}", "deployment_status.state must be a string, got an object"),
        wrong("deployment_status.state", "REMOVE", "deployment_status.state is missing; GitHub sends success, failure,"
            + " error, pending, queued, in_progress or inactive"),
        wrong("deployment", "REMOVE", "deployment is missing; a deployment_status event carries its deployment there"),
        wrong("deployment.id", "1e308", "deployment.id must be " + ID + ", got the number 1E+308"),
        wrong("deployment.id", "-42", "deployment.id must be " + ID + ", got the number -42"),
        wrong("deployment.id", "42.5", "deployment.id must be " + ID + ", got the number 42.5"),
        wrong("deployment.id", "{}", "deployment.id must be " + ID + ", got an object"),
        wrong("deployment.id", "REMOVE", "deployment.id is missing; GitHub numbers every deployment"),
        wrong("deployment.created_at", "\"yesterday\"", "deployment.created_at must be " + RFC3339 + ", got the string \"yesterday\""),
        wrong("deployment.created_at", "REMOVE", "deployment.created_at is missing; send an RFC 3339 time such as"
            + " \"2026-03-02T09:30:00Z\""),
        wrong("deployment_status.created_at", "12", "deployment_status.created_at must be " + RFC3339 + ", got the number 12"),
        wrong("deployment_status.created_at", "\"2026-03-02T09:19:59Z\"", "deployment_status.created_at is before"
            + " deployment.created_at; it cannot be: send the times GitHub sent"),
        wrong("deployment.sha", "{}", "deployment.sha must be " + SHA + ", got an object"),
        wrong("deployment.sha", "\"main\"", "deployment.sha must be " + SHA + ", got the string \"main\""),
        wrong("deployment.sha", "REMOVE", "deployment.sha is missing; a deployment names the commit it deploys"),
        wrong("deployment.environment", "{}", "deployment.environment must be a string, got an object"),
        wrong("deployment.environment", "\"prod uction\"", "deployment.environment must be " + ENVIRONMENT
            + ", got the string \"prod uction\"; rename the environment, e.g. \"production\""),
        wrong("deployment.ref", "[]", "deployment.ref must be a string, got a list"),
        wrong("deployment.ref", "\"" + "r".repeat(201) + "\"", "deployment.ref must be 1 to 200 characters to serve"
            + " as the deployment's version, got the string \"" + "r".repeat(119) + "… (201 characters)\""),
        wrong("deployment.payload", "{\"service\": {}}", "deployment.payload.service must be a string, got an object"),
        wrong("deployment.payload", "{\"service\": \"!\"}", "deployment.payload.service must name the service with at"
            + " least one letter or digit, and at most 253 characters, got the string \"!\""),
        wrong("repository", "REMOVE", "repository is missing; GitHub names the repository, whose name is the"
            + " service's unless deployment.payload.service names one"),
        wrong("repository.name", "7", "repository.name must be a string, got the number 7"),
        wrong("deployment.creator", "\"monalisa\"", "deployment.creator must be an object, got the string \"monalisa\""),
        wrong("deployment.creator.login", "1", "deployment.creator.login must be a string, got the number 1"),
        wrong("deployment_status.log_url", "{}", "deployment_status.log_url must be a string, got an object"),
        wrong("deployment_status.target_url", "{}", "deployment_status.target_url must be a string, got an object"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("deploymentStatusFields")
  void a_deployment_status_with_a_wrong_field_is_refused_naming_it(String path, String value, String message) {
    // target_url is read only without a log_url
    byte[] json = path.endsWith("target_url")
        ? new String(Payloads.with("github-deployment_status", path, value), UTF_8)
            .replace("\"log_url\":\"https://github.com/octo-org/checkout/actions/runs/7\",", "").getBytes(UTF_8)
        : Payloads.with("github-deployment_status", path, value);

    DecodedDelivery decoded = GitHubWebhookDecoder.decode("deployment_status", json);

    assertThat(decoded.content()).isEmpty();
    assertThat(decoded.problems()).containsExactly(new PayloadProblem(path.equals("deployment.payload")
        ? "deployment.payload.service" : path, message));
  }

  static Stream<Arguments> pushFields() {
    return Stream.of(
        wrong("ref", "{}", "ref must be a string, got an object"),
        wrong("ref", "REMOVE", "ref is missing; a push names the ref it pushed to, e.g. \"refs/heads/main\""),
        wrong("before", "{}", "before must be a string, got an object"),
        wrong("before", "\"HEAD\"", "before must be " + SHA + ", got the string \"HEAD\""),
        wrong("commits", "{}", "commits must be a list of objects, got an object"),
        wrong("commits[1]", "\"3333333\"", "commits[1] must be an object, got the string \"3333333\""),
        wrong("commits[0].distinct", "\"no\"", "commits[0].distinct must be true or false, got the string \"no\""),
        wrong("commits[0].id", "{}", "commits[0].id must be " + SHA + ", got an object"),
        wrong("commits[0].id", "REMOVE", "commits[0].id is missing; each commit of a push has its SHA in \"id\""),
        wrong("commits[1].timestamp", "\"2026-03-02 09:00:00\"", "commits[1].timestamp must be " + RFC3339
            + ", got the string \"2026-03-02 09:00:00\""),
        wrong("commits[1].timestamp", "\"+10000-01-01T00:00:00Z\"", "commits[1].timestamp must be " + RFC3339
            + ", got the string \"+10000-01-01T00:00:00Z\""));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("pushFields")
  void a_push_with_a_wrong_field_is_refused_naming_it(String path, String value, String message) {
    DecodedDelivery decoded = GitHubWebhookDecoder.decode("push", Payloads.with("github-push", path, value));

    assertThat(decoded.content()).isEmpty();
    assertThat(decoded.problems()).containsExactly(new PayloadProblem(path, message));
  }

  static Stream<Arguments> pullRequestFields() {
    return Stream.of(
        wrong("action", "{}", "action must be a string, got an object"),
        wrong("action", "REMOVE", "action is missing; GitHub names what happened to the pull request, e.g. \"closed\""),
        wrong("pull_request", "REMOVE", "pull_request is missing; a pull_request event carries the pull request there"),
        wrong("pull_request.merged", "\"true\"", "pull_request.merged must be true or false, got the string \"true\""),
        wrong("pull_request.number", "1e308", "pull_request.number must be " + ID + ", got the number 1E+308"),
        wrong("pull_request.number", "0", "pull_request.number must be " + ID + ", got the number 0"),
        wrong("pull_request.number", "2.5", "pull_request.number must be " + ID + ", got the number 2.5"),
        wrong("pull_request.number", "REMOVE", "pull_request.number is missing; GitHub numbers every pull request"),
        wrong("pull_request.merge_commit_sha", "{}", "pull_request.merge_commit_sha must be " + SHA + ", got an object"),
        wrong("pull_request.merge_commit_sha", "REMOVE", "pull_request.merge_commit_sha is missing; a merged pull"
            + " request names the commit its merge made"),
        wrong("pull_request.created_at", "[]", "pull_request.created_at must be " + RFC3339 + ", got a list"),
        wrong("pull_request.merged_at", "\"soon\"", "pull_request.merged_at must be " + RFC3339 + ", got the string \"soon\""),
        wrong("pull_request.merged_at", "\"2026-03-01T16:59:59Z\"", "pull_request.merged_at is before"
            + " pull_request.created_at; it cannot be: send the times GitHub sent"),
        wrong("pull_request.head", "REMOVE", "pull_request.head is missing; a pull request names its head branch there"),
        wrong("pull_request.head.ref", "{}", "pull_request.head.ref must be a string, got an object"),
        wrong("pull_request.head.sha", "\"tip\"", "pull_request.head.sha must be " + SHA + ", got the string \"tip\""));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("pullRequestFields")
  void a_merged_pull_request_with_a_wrong_field_is_refused_naming_it(String path, String value, String message) {
    DecodedDelivery decoded = GitHubWebhookDecoder.decode("pull_request",
        Payloads.with("github-pull_request-merged", path, value));

    assertThat(decoded.content()).isEmpty();
    assertThat(decoded.problems()).containsExactly(new PayloadProblem(path, message));
  }

  @Test
  void the_service_is_the_deployment_payloads_when_it_names_one_and_a_string_payload_is_no_problem() {
    DecodedDelivery named = GitHubWebhookDecoder.decode("deployment_status",
        Payloads.with("github-deployment_status", "deployment.payload", "{\"service\": \"Payments API\"}"));
    DecodedDelivery text = GitHubWebhookDecoder.decode("deployment_status",
        Payloads.with("github-deployment_status", "deployment.payload", "\"{\\\"a\\\": 1}\""));

    assertThat(named.content().orElseThrow().deployments().getFirst().service().value()).isEqualTo("payments-api");
    assertThat(text.content().orElseThrow().deployments().getFirst().service().value()).isEqualTo("checkout");
  }

  @Test
  void states_and_events_not_recorded_store_nothing_and_say_so() {
    DecodedDelivery inactive = GitHubWebhookDecoder.decode("deployment_status",
        Payloads.with("github-deployment_status", "deployment_status.state", "\"inactive\""));
    DecodedDelivery closed = GitHubWebhookDecoder.decode("pull_request",
        Payloads.with("github-pull_request-merged", "pull_request.merged", "false"));

    assertThat(inactive.content().orElseThrow().notes()).containsExactly("state 'inactive' is not recorded");
    assertThat(closed.content().orElseThrow().notes()).containsExactly("only merged pull requests are recorded");
    assertThat(GitHubWebhookDecoder.decode("ping", "{\"zen\": \"Keep it simple.\"}".getBytes(UTF_8))
        .content().orElseThrow().notes()).containsExactly("pong");
    assertThat(GitHubWebhookDecoder.decode("issues", "{}".getBytes(UTF_8)).content().orElseThrow().notes())
        .containsExactly("event 'issues' is not used");
    assertThat(GitHubWebhookDecoder.decode("issues", "[]".getBytes(UTF_8)).problems()).hasSize(1);
  }

  @Test
  void a_push_skips_commits_pushed_before_and_chains_the_rest_from_before() {
    byte[] json = Payloads.with("github-push", "commits[0].distinct", "false");

    var content = GitHubWebhookDecoder.decode("push", json).content().orElseThrow();

    assertThat(content.commits()).hasSize(1);
    assertThat(content.commits().getFirst().parentSha()).contains("1111111111111111111111111111111111111111");
    assertThat(content.notes()).containsExactly("1 commits of refs/heads/main recorded, 1 pushed before");
  }
}
