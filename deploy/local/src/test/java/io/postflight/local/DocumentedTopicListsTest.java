package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.TopicSpec;
import io.postflight.contracts.Topics;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The topic lists an operator copies out of the docs name every topic they must: a partition move
 * that leaves out a slot-keyed topic makes every service refuse to start, and a restore whose offset
 * reset leaves out a topic the services read makes them decide restored deployments again. The lists
 * are compared with the catalogue ({@link Topics}), so a new topic fails here until the docs follow.
 */
class DocumentedTopicListsTest {

    /** Short names ({@code postflight.} cut) of every catalogue topic but those given. */
    private static Set<String> catalogueBut(TopicSpec... left) {
        Set<TopicSpec> out = Set.of(left);
        return Topics.all().stream().filter(t -> !out.contains(t))
                .map(t -> t.name().substring("postflight.".length())).collect(Collectors.toSet());
    }

    private static List<String> words(String doc, String regex) {
        Matcher m = Pattern.compile(regex).matcher(RepositoryDocs.read(doc));
        assertThat(m.find()).as("%s has the list /%s/", doc, regex).isTrue();
        return Arrays.asList(m.group(1).trim().split("\\s+"));
    }

    @Test
    void theUpgradesPartitionMoveAddsPartitionsToEveryTopicButTheDeadLetter() {
        List<String> moved = words("docs/upgrade.md", "for t in ([a-z -]+); do");

        assertThat(moved).containsExactlyInAnyOrderElementsOf(catalogueBut(Topics.DEAD_LETTER));
        assertThat(moved).as("every slot-keyed topic, so the partition counts stay equal")
                .containsAll(Topics.keyedBySlot().stream()
                        .map(t -> t.name().substring("postflight.".length())).toList());
    }

    @Test
    void theRestoresOffsetResetNamesEveryTopicAServiceReads() {
        List<String> reset = words("docs/operations.md", "topics=\\(([a-z -]+)\\)");

        // Alerts and dead letters are not restored (operations.md: no backup), so no reset is needed.
        assertThat(reset).containsExactlyInAnyOrderElementsOf(catalogueBut(Topics.ALERTS, Topics.DEAD_LETTER));
    }
}
