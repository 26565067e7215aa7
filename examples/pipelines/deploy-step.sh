#!/bin/sh
# Governor's deploy step, the same for every CI (github-actions.yml, gitlab-ci.yml and Jenkinsfile
# next to this file call it): ask the error-budget gate, deploy, record the deployment.
#
#   deploy-step.sh [--] DEPLOY_COMMAND [ARG...]      e.g.  sh ci/deploy-step.sh -- ./deploy.sh production
#
# 1. `governor gate check` asks whether SERVICE may go to ENVIRONMENT now (the decision is audited).
#    When the gate blocks (an SLO of the service is out of error budget, or a freeze), nothing is
#    deployed and nothing is recorded: the step exits 1. A service no ErrorBudgetPolicy names is
#    judged by the server's default policy (gates.defaultPolicy): blocked while out of budget.
# 2. DEPLOY_COMMAND runs.
# 3. `governor deploy record` records the deployment with its outcome (succeeded, or failed when the
#    command failed), start and finish, for the DORA metrics. Recording is idempotent by DEPLOY_ID,
#    so a retried step records once.
#
# Environment, required: GOVERNOR_SERVER (Governor's URL), SERVICE, ENVIRONMENT, VERSION, COMMIT
# (the deployed commit's SHA); GOVERNOR_TOKEN when the server has tokens (the gate check and the
# record are writes).
# Optional:
#   DEPLOY_ID       the deployment's id (default SERVICE-ENVIRONMENT-VERSION); use the pipeline run's
#                   id when the same version may be deployed twice
#   HOTFIX_REASON   this deploy is a hotfix: it goes out over a block when the policy allows hotfixes,
#                   and the reason is kept in the audit trail; the deployment is labelled hotfix
#   APPROVED_BY     who approved, when a policy rule requires an approval
#   ACTOR           who or what deploys (recorded with the gate's decision)
#   LINK            a URL of the pipeline run, kept with the deployment
#   GOVERNOR_JAR    run `java -jar $GOVERNOR_JAR` (JAVA, default java, must be 21 or newer) instead of
#                   a `governor` command on PATH
#
# Exit status: 0 deployed and recorded; 1 blocked by the gate (nothing deployed); 2 a usage error,
# Governor unreachable, or the deployment could not be recorded; otherwise the deploy command's own
# exit status (its failure is recorded).

# These names are checked by cli's PipelineExamplesTest against the examples that call this script.
required="GOVERNOR_SERVER SERVICE ENVIRONMENT VERSION COMMIT"

set -u

governor() {
  if [ -n "${GOVERNOR_JAR:-}" ]; then
    "${JAVA:-java}" -jar "$GOVERNOR_JAR" "$@"
  else
    command governor "$@"
  fi
}

say() {
  echo "deploy-step: $*" >&2
}

for name in $required; do
  eval "value=\${$name:-}"
  if [ -z "$value" ]; then
    say "set $name (required: $required)"
    exit 2
  fi
done
export GOVERNOR_SERVER
[ "${1:-}" = "--" ] && shift
if [ $# -eq 0 ]; then
  say "give the deploy command, e.g. deploy-step.sh -- ./deploy.sh production"
  exit 2
fi
id=${DEPLOY_ID:-$SERVICE-$ENVIRONMENT-$VERSION}

# A function has positional parameters of its own, so the optional flags can be added to them while
# the script's own hold the deploy command.
gate_check() {
  set -- gate check --service "$SERVICE" --environment "$ENVIRONMENT" --version "$VERSION"
  [ -n "${ACTOR:-}" ] && set -- "$@" --actor "$ACTOR"
  [ -n "${HOTFIX_REASON:-}" ] && set -- "$@" --hotfix --reason "$HOTFIX_REASON"
  [ -n "${APPROVED_BY:-}" ] && set -- "$@" --approved-by "$APPROVED_BY"
  governor "$@"
}

record() {
  set -- deploy record --id "$id" --service "$SERVICE" --environment "$ENVIRONMENT" --version "$VERSION" \
    --commit "$COMMIT" --outcome "$1" --started "$2" --finished "$3"
  [ -n "${HOTFIX_REASON:-}" ] && set -- "$@" --hotfix
  [ -n "${LINK:-}" ] && set -- "$@" --link "$LINK"
  governor "$@"
}

gate_check
gate=$?
if [ "$gate" -eq 1 ]; then
  say "the error-budget gate blocks this deploy of $SERVICE to $ENVIRONMENT; nothing was deployed."
  say "A hotfix may go out over it with a reason: set HOTFIX_REASON."
  exit 1
elif [ "$gate" -ne 0 ]; then
  say "no answer from the gate (exit $gate); nothing was deployed"
  exit 2
fi

started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
"$@"
status=$?
finished=$(date -u +%Y-%m-%dT%H:%M:%SZ)
if [ "$status" -eq 0 ]; then outcome=succeeded; else outcome=failed; fi

if ! record "$outcome" "$started" "$finished"; then
  say "the deploy $outcome but could not be recorded; run this step again or"
  say "governor deploy record --id $id ... (the same id is recorded once)"
  exit 2
fi
if [ "$status" -ne 0 ]; then
  say "the deploy command failed (exit $status); recorded as failed"
fi
exit "$status"
