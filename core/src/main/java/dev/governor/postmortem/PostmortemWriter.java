package dev.governor.postmortem;

import dev.governor.delivery.Change;
import dev.governor.delivery.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes a postmortem draft in Markdown: what Governor knows is filled in (summary, impact on each
 * SLO's error budget, the suspect deployment, the timeline); what only people know (root cause,
 * what went well and badly, action items) is left as headed sections to write.
 *
 * <p>Times are UTC and the output depends on nothing but the {@link Postmortem}, so a draft can be
 * compared with a golden file.
 */
public final class PostmortemWriter {

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private PostmortemWriter() {}

  public static String markdown(Postmortem p) {
    StringBuilder md = new StringBuilder();
    md.append("# Postmortem: ").append(inline(p.title())).append(" (incident ").append(p.incident()).append(")\n\n");
    md.append("_Draft written by Governor on ").append(DATE_TIME.format(p.draftedAt()))
        .append(". Everything below the timeline is for people to write; edit the rest as you learn more._\n\n");

    md.append("## Summary\n\n");
    md.append("A ").append(p.severity()).append(" incident");
    if (!p.services().isEmpty()) md.append(" on ").append(String.join(", ", p.services().stream().sorted().toList()));
    md.append(", opened ").append(DATE_TIME.format(p.openedAt()));
    p.acknowledgedAt().ifPresent(at -> {
      md.append(", acknowledged ").append(duration(Duration.between(p.openedAt(), at))).append(" later");
      p.acknowledgedBy().ifPresent(by -> md.append(" by ").append(inline(by)));
    });
    if (p.resolvedAt().isPresent()) {
      md.append(", resolved after ").append(duration(p.duration())).append(".");
    } else {
      md.append("; still open after ").append(duration(p.duration())).append(".");
    }
    p.commander().ifPresent(c -> md.append(" Incident commander: ").append(inline(c)).append("."));
    md.append("\n\n");

    md.append("## Impact\n\n");
    md.append("| | |\n|---|---|\n");
    md.append("| Duration | ").append(duration(p.duration())).append(" (").append(DATE_TIME.format(p.openedAt()))
        .append(" to ").append(p.resolvedAt().map(DATE_TIME::format).orElse("still open")).append(") |\n");
    md.append("| Time to acknowledge | ")
        .append(p.acknowledgedAt().map(at -> duration(Duration.between(p.openedAt(), at))).orElse("not acknowledged"))
        .append(" |\n");
    md.append("| Time to resolve | ").append(p.resolvedAt().isPresent() ? duration(p.duration()) : "not resolved").append(" |\n");
    md.append("| Users affected | ").append(p.usersAffected().map(n -> String.format(Locale.ROOT, "%,d", n))
        .orElse("unknown: fill in")).append(" |\n\n");
    if (p.impacts().isEmpty()) {
      md.append("No SLO that Governor evaluates was affected.\n\n");
    } else {
      md.append("### Error budget\n\n");
      md.append("| SLO | Objective | Target | Failed events during the incident | Budget consumed | Budget remaining now |\n");
      md.append("|---|---|---|---|---|---|\n");
      for (SloImpact impact : p.impacts()) {
        md.append("| ").append(inline(impact.slo())).append(" | ").append(inline(impact.objective()))
            .append(" | ").append(impact.target().toBigDecimal().movePointRight(2).stripTrailingZeros().toPlainString())
            .append(" % | ").append(String.format(Locale.ROOT, "%,d of %,d", impact.badEvents(), impact.duringIncident().total()))
            .append(" | ").append(percent(impact.budgetConsumed()))
            .append(" | ").append(percent(impact.remainingNow())).append(" |\n");
      }
      md.append("\nBudget consumed is the share of the objective's whole window budget that the failures"
          + " during the incident spent.\n\n");
    }

    md.append("## Suspect deployment\n\n");
    if (p.suspect().isEmpty()) {
      md.append("No deployment of an affected service went live shortly before the incident.\n\n");
    } else {
      suspect(md, p.suspect().get(), p.openedAt());
    }

    md.append("## Timeline\n\n");
    // Times alone read best; an incident that crosses midnight needs the date on every line.
    java.time.LocalDate day = p.openedAt().atZone(ZoneOffset.UTC).toLocalDate();
    boolean oneDay = p.timeline().stream().allMatch(e -> e.at().atZone(ZoneOffset.UTC).toLocalDate().equals(day));
    md.append(oneDay ? "All times UTC, " + day + ".\n\n" : "All times UTC.\n\n");
    md.append("| Time | Who | What |\n|---|---|---|\n");
    for (Postmortem.Event e : p.timeline()) {
      md.append("| ").append(oneDay ? TIME.format(e.at()) : DATE_TIME.format(e.at())).append(" | ").append(cell(e.actor())).append(" | ")
          .append(cell(e.what())).append(" |\n");
    }
    md.append('\n');

    for (String section : List.of("Root cause", "What went well", "What went badly")) {
      md.append("## ").append(section).append("\n\n_To be written._\n\n");
    }
    md.append("## Action items\n\n| Action | Owner | Due | Ticket |\n|---|---|---|---|\n| | | | |\n");
    return md.toString();
  }

  private static void suspect(StringBuilder md, Deployment d, Instant openedAt) {
    md.append("**").append(inline(d.service().value())).append(' ').append(inline(d.version())).append("** to ")
        .append(inline(d.environment())).append(" (deployment `").append(d.id().value()).append("`, commit `")
        .append(shortSha(d.commitSha())).append("`) went live ").append(DATE_TIME.format(d.liveAt())).append(", ")
        .append(duration(Duration.between(d.liveAt(), openedAt))).append(" before the incident opened; outcome ")
        .append(d.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(".\n\n");
    if (!d.changes().isEmpty()) {
      md.append("Changes it carried:\n\n");
      for (Change change : d.changes()) md.append("- ").append(describe(change)).append('\n');
      md.append('\n');
    }
    Optional.ofNullable(d.links().get("pipeline")).ifPresent(url -> md.append("Pipeline: ").append(url).append("\n\n"));
  }

  private static String describe(Change change) {
    return switch (change) {
      case Change.Commit c -> "commit `" + shortSha(c.sha()) + "`, committed " + DATE_TIME.format(c.committedAt());
      case Change.PullRequest pr -> "pull request #" + pr.number() + ", opened " + DATE_TIME.format(pr.openedAt())
          + pr.mergedAt().map(at -> ", merged " + DATE_TIME.format(at)).orElse("");
    };
  }

  private static String shortSha(String sha) {
    return sha.length() > 12 ? sha.substring(0, 12) : sha;
  }

  /** 45 s, 37 min, 2 h 05 min, 3 d 4 h. */
  static String duration(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    if (seconds < 60) return seconds + " s";
    long minutes = seconds / 60;
    if (minutes < 60) return minutes + " min";
    long hours = minutes / 60;
    if (hours < 48) return String.format(Locale.ROOT, "%d h %02d min", hours, minutes % 60);
    return (hours / 24) + " d " + (hours % 24) + " h";
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
  }

  /** Text that stays on its line and cannot close a table cell. */
  private static String cell(String text) {
    return inline(text).replace("|", "\\|");
  }

  private static String inline(String text) {
    return text.replaceAll("[\\r\\n]+", " ").strip();
  }
}
