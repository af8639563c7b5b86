package io.postflight.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Waits until topics just created are visible in the brokers' metadata with a leader for every
 * partition. A CreateTopics answer means the controller recorded the topic; a broker's metadata
 * may lag it. A Kafka Streams source subscription rides that out by rebalancing, but a global
 * store does not: it asks for the topic's partitions once at start and fails the whole
 * application on an empty answer ("There are no partitions available for topic ..."), which is
 * how the verdict API failed to start one run in a few on a busy machine.
 */
final class TopicLeaders {
    private static final Duration PAUSE = Duration.ofMillis(100);

    /** Describes topics through one metadata request; throws what the admin client threw. */
    interface Describer {
        Map<String, TopicDescription> describe(Collection<String> topics, Duration timeout) throws Exception;
    }

    private TopicLeaders() {
    }

    /** Describes with the admin client. */
    static Describer of(Admin admin) {
        return (topics, timeout) -> admin.describeTopics(topics).allTopicNames()
                .get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }

    /**
     * Returns once every topic is described with a leader on each partition; retries on a
     * retriable error (an unknown topic is one) or a partition without a leader.
     *
     * @throws TimeoutException when that is not so by {@code deadlineNanos}; names the topics still waited for
     */
    static void await(Describer describer, Collection<String> topics, long deadlineNanos)
            throws TimeoutException, InterruptedException {
        if (topics.isEmpty()) {
            return;
        }
        Collection<String> waiting = new TreeSet<>(topics);
        String last = "no answer";
        while (true) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("topics " + waiting + " have no leader on every partition yet ("
                        + last + ")");
            }
            try {
                Map<String, TopicDescription> described = describer.describe(waiting, Duration.ofNanos(left));
                waiting.removeIf(name -> led(described.get(name)));
                if (waiting.isEmpty()) {
                    return;
                }
                last = "partitions without a leader";
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw new IllegalStateException("cannot describe topics " + waiting + ": " + e.getCause(),
                            e.getCause());
                }
                last = String.valueOf(e.getCause());
            } catch (TimeoutException e) {
                last = "describe timed out";
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot describe topics " + waiting + ": " + e, e);
            }
            Thread.sleep(Math.min(PAUSE.toMillis(), Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
        }
    }

    private static boolean led(TopicDescription description) {
        if (description == null || description.partitions().isEmpty()) {
            return false;
        }
        List<TopicPartitionInfo> partitions = description.partitions();
        return partitions.stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }
}
