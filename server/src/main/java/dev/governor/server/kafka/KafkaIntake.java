package dev.governor.server.kafka;

import dev.governor.ingest.events.DecodedBatch;
import dev.governor.ingest.events.EventBatchDecoder;
import dev.governor.server.config.ServerConfig;
import dev.governor.sli.IngestOutcome;
import dev.governor.sli.SliEvent;
import dev.governor.sli.SliSink;
import dev.governor.sli.SourceMarks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the events of a Kafka topic, each exactly once.
 *
 * <h2>Where the offsets live</h2>
 * A record's value is an events API document ({@code {"events": [...]}}); an event without a
 * {@code time} happened at the record's timestamp. Each poll's events are stored in one batch, and
 * with them, in the same transaction, the next offset of every partition the poll read, as source
 * marks ({@link SourceMarks}, source {@code kafka/<topic>}). So the store holds the counts of a
 * record if and only if it holds an offset past it. Whoever is assigned a partition, after a
 * restart, a rebalance or a takeover by another replica, seeks to the offset the store holds and
 * goes on from there: nothing is counted twice and nothing is skipped. A partition the store has
 * no offset for starts where {@code auto.offset.reset} says, from the earliest record unless set.
 * The offsets are also committed to Kafka after each batch, only so that lag tools
 * ({@code kafka-consumer-groups --describe}) show how far behind the intake is; they are never
 * read back.
 *
 * <h2>Only the leader consumes</h2>
 * Every event must reach the leader's running sums, so the leader is the group's one consumer: a
 * follower that consumed would only forward. Every leader joins with the same static member id
 * ({@code group.instance.id}), so a new leader takes the old one's place in the group at once,
 * instead of waiting for its session to time out, and Kafka fences the old member. A paused old
 * leader that wakes and still holds records cannot count them either: its writes are fenced in the
 * database (docs/cluster.md).
 *
 * <h2>Records that are not events</h2>
 * A record that does not decode, or whose events the evaluator refuses (an SLI nobody defined, a
 * time out of range), goes to the dead-letter topic with the reason in the {@code governor-error}
 * header and where it came from in {@code governor-topic}, {@code governor-partition} and
 * {@code governor-offset}; the partition goes on. The dead-letter records are sent, and their
 * sends confirmed, before the offsets past them are stored: a crash or a failed store in between
 * sends them again (at least once), never loses one. While the store or the dead-letter topic
 * refuses, the intake goes back to the offsets the store holds (a commit whose answer was lost may
 * have landed, and only the store knows) and reads on from there after a pause that doubles up to
 * 30 s.
 */
public final class KafkaIntake implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaIntake.class);

  static final String ERROR_HEADER = "governor-error";
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

  /** Running totals for {@code /metrics}. */
  public record Stats(long recordsCounted, long recordsDeadLettered, long events, long failedBatches, int partitions) {}

  private final ServerConfig.Kafka settings;
  private final SliSink sink;
  private final String source;
  /** Where a partition without a stored offset starts: {@code auto.offset.reset=latest}. */
  private final boolean startAtEnd;
  private final Consumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> deadLetters;
  /** Assigned partitions whose offset could not be read from the store yet: paused until it can. */
  private final Set<TopicPartition> unpositioned = new HashSet<>();
  /**
   * Where a failed batch began in partitions the store holds no offset for yet: read again from
   * there, not from where {@code auto.offset.reset} would start (the end, with latest).
   */
  private final Map<TopicPartition, Long> unstoredFrom = new HashMap<>();
  private final AtomicLong recordsCounted = new AtomicLong();
  private final AtomicLong recordsDeadLettered = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong failedBatches = new AtomicLong();
  private final AtomicInteger partitions = new AtomicInteger();
  private volatile boolean running = true;
  private Thread thread;

  public KafkaIntake(ServerConfig.Kafka settings, SliSink sink, String replicaName) {
    this.settings = settings;
    this.sink = sink;
    this.source = "kafka/" + settings.topic();
    Map<String, Object> consumerProperties = consumerProperties(settings, replicaName);
    this.startAtEnd = "latest".equals(consumerProperties.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG));
    this.consumer = new KafkaConsumer<>(consumerProperties);
    this.deadLetters = new KafkaProducer<>(producerProperties(settings, replicaName));
  }

  /** The consumer's settings: the user's, then what counting once needs, which the user may not set. */
  static Map<String, Object> consumerProperties(ServerConfig.Kafka settings, String replicaName) {
    Map<String, Object> p = known(settings.clientProperties(), ConsumerConfig.configNames());
    p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
    p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "governor-" + replicaName);
    p.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.groupId() + "-leader");
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A transactional producer's aborted records are not events that happened.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return p;
  }

  static Map<String, Object> producerProperties(ServerConfig.Kafka settings, String replicaName) {
    Map<String, Object> p = known(settings.clientProperties(), ProducerConfig.configNames());
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "governor-" + replicaName + "-dead-letters");
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return p;
  }

  /** Each client gets the settings it knows: the consumer's would make the producer warn, and back. */
  private static Map<String, Object> known(Map<String, String> given, Set<String> names) {
    Map<String, Object> out = new HashMap<>();
    given.forEach((name, value) -> {
      if (names.contains(name)) out.put(name, value);
    });
    return out;
  }

  public void start() {
    thread = Thread.ofPlatform().name("governor-kafka-intake").daemon().start(this::run);
    log.info("consuming {} from {} as group {} (dead letters to {})", settings.topic(), settings.bootstrapServers(),
        settings.groupId(), settings.deadLetterTopic());
  }

  public Stats stats() {
    return new Stats(recordsCounted.get(), recordsDeadLettered.get(), events.get(), failedBatches.get(), partitions.get());
  }

  private void run() {
    try {
      consumer.subscribe(List.of(settings.topic()), new Positions());
      Duration pause = Duration.ZERO;
      while (running) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          if (!unpositioned.isEmpty()) position(List.copyOf(unpositioned));
          records = consumer.poll(POLL);
        } catch (WakeupException stopping) {
          break;
        } catch (RuntimeException e) {
          // Kafka unreachable, or the store that holds the offsets: nothing was counted.
          pause = failed("reading " + settings.topic(), e, pause);
          continue;
        }
        if (records.isEmpty()) continue;
        try {
          count(records);
          unstoredFrom.keySet().removeAll(records.partitions());
          pause = Duration.ZERO;
        } catch (RuntimeException e) {
          // Whether the batch was stored only the store can say (a commit whose answer was lost did
          // land): go on from the offsets it holds; where it holds none, from this poll's first.
          for (TopicPartition tp : records.partitions()) {
            unstoredFrom.putIfAbsent(tp, records.records(tp).getFirst().offset());
          }
          try {
            position(records.partitions());
          } catch (RuntimeException storeDown) {
            // Paused until the offsets can be read (see position).
          }
          pause = failed("counting " + records.count() + " records of " + settings.topic(), e, pause);
        }
      }
    } catch (WakeupException stopping) {
      // close() asked while the consumer waited.
    } catch (RuntimeException | Error e) {
      log.error("the Kafka intake stopped; no more records of {} are counted until Governor restarts", settings.topic(), e);
    } finally {
      Thread.interrupted(); // close()'s interrupt has done its work; the clients must close cleanly
      closeQuietly();
    }
  }

  private Duration failed(String what, Exception e, Duration pause) {
    failedBatches.incrementAndGet();
    Duration next = pause.isZero() ? FIRST_PAUSE : pause.multipliedBy(2);
    if (next.compareTo(LONGEST_PAUSE) > 0) next = LONGEST_PAUSE;
    log.warn("Kafka intake: {} failed, trying again in {} s: {}", what, next.toSeconds(), e.toString());
    try {
      Thread.sleep(next);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      running = false;
    }
    return next;
  }

  /** Stores one poll's events with the offsets past them; dead-letters the records that are not events. */
  private void count(ConsumerRecords<byte[], byte[]> records) {
    List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(records.count());
    records.forEach(all::add);
    Map<ConsumerRecord<byte[], byte[]>, String> dead = new LinkedHashMap<>();
    List<List<SliEvent>> eventsOf = new ArrayList<>(all.size());
    for (ConsumerRecord<byte[], byte[]> record : all) {
      List<SliEvent> decoded = List.of();
      if (record.value() == null) {
        dead.put(record, "the record has no value; send an events API document, {\"events\": [...]}");
      } else {
        DecodedBatch batch = EventBatchDecoder.decode(record.value(), Instant.ofEpochMilli(record.timestamp()));
        if (batch.problems().isEmpty()) decoded = batch.events();
        else dead.put(record, describe(batch.problems()));
      }
      eventsOf.add(decoded);
    }
    Map<String, String> offsets = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    for (TopicPartition tp : records.partitions()) {
      long next = records.records(tp).getLast().offset() + 1;
      offsets.put(Integer.toString(tp.partition()), Long.toString(next));
      commits.put(tp, new OffsetAndMetadata(next));
    }
    SourceMarks marks = new SourceMarks(source, offsets, Set.of());

    // Refused events take their record to the dead letters, and the rest are offered again: each
    // round takes at least one record out, so this ends. Each dead letter is sent once.
    Set<ConsumerRecord<byte[], byte[]>> sent = new HashSet<>();
    while (true) {
      List<SliEvent> batch = new ArrayList<>();
      List<Integer> recordOfEvent = new ArrayList<>();
      for (int r = 0; r < all.size(); r++) {
        if (dead.containsKey(all.get(r))) continue;
        for (SliEvent e : eventsOf.get(r)) {
          batch.add(e);
          recordOfEvent.add(r);
        }
      }
      Map<ConsumerRecord<byte[], byte[]>, String> unsent = new LinkedHashMap<>(dead);
      unsent.keySet().removeAll(sent);
      if (!unsent.isEmpty()) {
        sendDeadLetters(unsent);
        sent.addAll(unsent.keySet());
      }
      IngestOutcome outcome = sink.ingest(batch, SliSink.Source.EVENTS_API, marks);
      if (outcome instanceof IngestOutcome.Rejected rejected) {
        Map<ConsumerRecord<byte[], byte[]>, List<String>> refused = new LinkedHashMap<>();
        for (IngestOutcome.EventProblem problem : rejected.problems()) {
          if (problem.index() < 0 || problem.index() >= recordOfEvent.size()) {
            throw new IllegalStateException("the evaluator refused the batch without naming an event: " + problem.message());
          }
          refused.computeIfAbsent(all.get(recordOfEvent.get(problem.index())), r -> new ArrayList<>()).add(problem.message());
        }
        refused.forEach((record, messages) -> dead.put(record, String.join("; ", messages)));
        continue;
      }
      events.addAndGet(batch.size());
      break;
    }
    recordsCounted.addAndGet(all.size() - dead.size());
    recordsDeadLettered.addAndGet(dead.size());
    try {
      consumer.commitAsync(commits, (committed, e) -> {
        if (e != null) log.debug("Kafka intake: committing offsets for lag tools failed: {}", e.toString());
      });
    } catch (RuntimeException e) {
      // Only lag tools read these; the batch is stored, and must not be read again for this.
      log.debug("Kafka intake: committing offsets for lag tools failed: {}", e.toString());
    }
  }

  private static String describe(List<IngestOutcome.EventProblem> problems) {
    List<String> messages = new ArrayList<>();
    for (IngestOutcome.EventProblem p : problems) {
      messages.add((p.index() >= 0 ? "events[" + p.index() + "]" + (p.field().isEmpty() ? "" : "." + p.field()) + ": " : "")
          + p.message());
      if (messages.size() == 5) break;
    }
    return String.join("; ", messages);
  }

  /** Sends each record that is not events, and returns once Kafka has taken every one; throws if not. */
  private void sendDeadLetters(Map<ConsumerRecord<byte[], byte[]>, String> dead) {
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    dead.forEach((record, reason) -> {
      RecordHeaders headers = new RecordHeaders(record.headers().toArray());
      headers.add(ERROR_HEADER, bounded(reason).getBytes(StandardCharsets.UTF_8));
      headers.add("governor-topic", record.topic().getBytes(StandardCharsets.UTF_8));
      headers.add("governor-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
      headers.add("governor-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
      sends.add(deadLetters.send(new ProducerRecord<>(settings.deadLetterTopic(), null, record.timestamp(), record.key(),
          record.value(), headers)));
    });
    deadLetters.flush();
    for (Future<RecordMetadata> send : sends) {
      try {
        send.get();
      } catch (ExecutionException e) {
        throw new KafkaException("the dead-letter topic " + settings.deadLetterTopic() + " refused a record", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException("interrupted while sending to the dead-letter topic", e);
      }
    }
    if (!dead.isEmpty()) log.warn("Kafka intake: {} records that are not events went to {}", dead.size(), settings.deadLetterTopic());
  }

  private static String bounded(String reason) {
    return reason.length() <= 2_000 ? reason : reason.substring(0, 2_000) + "…";
  }

  /** Seeks each partition to the offset the store holds for it; pauses the partitions it cannot yet. */
  private void position(Collection<TopicPartition> assigned) {
    Map<TopicPartition, Long> stored = new HashMap<>();
    try {
      Map<String, String> marks = sink.marks(source);
      for (TopicPartition tp : assigned) {
        String next = marks.get(Integer.toString(tp.partition()));
        if (next != null) stored.put(tp, Long.parseLong(next));
      }
    } catch (RuntimeException e) {
      // The store is down, or holds an offset that is not a number: counting from anywhere else
      // could count twice or skip, so these partitions wait.
      consumer.pause(assigned);
      unpositioned.addAll(assigned);
      throw e;
    }
    List<TopicPartition> fresh = new ArrayList<>();
    for (TopicPartition tp : assigned) {
      Long next = stored.get(tp);
      Long unstored = unstoredFrom.get(tp);
      if (next != null) consumer.seek(tp, next);
      else if (unstored != null) consumer.seek(tp, unstored); // read before, never stored: read again
      else fresh.add(tp);
    }
    // No offset stored: the start auto.offset.reset names, never an offset committed to Kafka.
    if (!fresh.isEmpty()) {
      if (startAtEnd) {
        consumer.seekToEnd(fresh);
      } else {
        consumer.seekToBeginning(fresh);
      }
    }
    unpositioned.removeAll(assigned);
    consumer.resume(assigned);
  }

  private final class Positions implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      partitions.set(consumer.assignment().size());
      if (assigned.isEmpty()) return;
      try {
        position(assigned);
      } catch (RuntimeException e) {
        // Paused until the store answers (see run()): counting from anywhere else could count twice.
        log.warn("Kafka intake: the stored offsets of {} could not be read; its partitions wait: {}", settings.topic(),
            e.toString());
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      // The offsets are in the store already, with what they counted: nothing to hand over.
      unpositioned.removeAll(revoked);
      partitions.set(Math.max(0, consumer.assignment().size() - revoked.size()));
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    if (thread != null) {
      thread.interrupt(); // out of a pause after a failure, which wakeup() does not end
      try {
        thread.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      closeQuietly();
    }
  }

  private void closeQuietly() {
    try {
      consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    } catch (RuntimeException e) {
      log.debug("closing the Kafka consumer", e);
    }
    try {
      deadLetters.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      log.debug("closing the dead-letter producer", e);
    }
  }
}
