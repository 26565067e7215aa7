package dev.governor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReadmeTest {

  @Test
  void theQuickStartRunsAsWritten_theDemoThatBlocksUntilCtrlCHasACodeBlockOfItsOwn() throws IOException {
    String readme = Files.readString(Repository.root().resolve("README.md"));
    int start = readme.indexOf("## Quick start");
    String quickStart = readme.substring(start, readme.indexOf("\n## ", start + 1));
    List<List<String>> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(quickStart);
    while (m.find()) blocks.add(m.group(1).lines().filter(l -> !l.isBlank()).toList());

    assertThat(blocks.stream().mapToInt(List::size).sum()).as("set-up commands").isEqualTo(2);
    assertThat(blocks).as("the demo runs until ctrl-C: nothing after it in its block would run")
        .filteredOn(b -> b.stream().anyMatch(l -> l.contains("governor demo")))
        .containsExactly(List.of("./governor demo"));
  }
}
