package io.supplyshock.publish;

import io.supplyshock.events.Rejection;
import io.supplyshock.events.UndatedPolicy;

import io.supplyshock.cli.Cli;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.supplyshock.config.AppConfig;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonlPublisherTest {

    private static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");
    private static final List<String> LISTED_KINDS =
            List.of("policy", "price", "inventory", "flow", "capacity", "supply_share", "disruption", "other");

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
    private final CapturingSink sink = new CapturingSink();

    private JsonlPublisher publisher(JsonlPublisher.Options options) {
        return new JsonlPublisher(UndatedPolicy.PUBLISH_TIME, options,
                new Progress(new PrintStream(progress, true, StandardCharsets.UTF_8), 1000), () -> sink, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private Path file(String... lines) throws IOException {
        Path f = tmp.resolve("events.jsonl");
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void dryRunOfTheSeedFileAccountsForEveryLine() throws IOException {
        PublishReport report = publisher(JsonlPublisher.Options.defaults().withDryRun(true)).publish(ReferenceFiles.seedEvents());

        assertThat(report.totalLines()).isEqualTo(183);
        assertThat(report.published() + report.rejected().size() + report.blankLines()).isEqualTo(183);
        assertThat(report.rejected()).isEmpty();
        assertThat(report.publishedByTopic()).containsExactlyInAnyOrderEntriesOf(Map.of(
                Topics.POLICY_EVENTS, 73, Topics.MARKET_EVENTS, 104, Topics.DISRUPTION_EVENTS, 6));
        assertThat(report.undated()).as("e123, e125 and e126 are structural shares, stamped at the start of history").isEqualTo(6);
        assertThat(report.warnings()).singleElement().asString().contains("e120 (line 120)").contains("publish.undated=publish-time");
        assertThat(report.dryRun()).isTrue();
        assertThat(sink.opened).as("a dry run never connects").isZero();
        assertThat(report.summary()).isEqualTo("[dry run, nothing sent] 183 lines: 183 published (supply.policy-events 73, "
                + "supply.market-events 104, supply.disruption-events 6), 0 rejected, 0 blank; "
                + "warning: 6 undated lines given the publish time as event time");
    }

    @Test
    void noLineOfAListedKindIsRejectedForItsCommodityOrSubtype() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(ReferenceFiles.seedEvents(), StandardCharsets.UTF_8);
        Path f = tmp.resolve("mutated.jsonl");
        // every seed line again, with a commodity and a subtype nobody has seen
        List<String> mutated = lines.stream().map(l -> {
            try {
                var node = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(l);
                node.put("commodity", "unobtainium_" + node.get("id").asText());
                node.put("subtype", "never_seen_before");
                return json.writeValueAsString(node);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }).toList();
        Files.write(f, mutated, StandardCharsets.UTF_8);

        PublishReport report = publisher(JsonlPublisher.Options.defaults().withDryRun(true)).publish(f);

        assertThat(report.rejected()).isEmpty();
        assertThat(report.published()).isEqualTo(183);
        assertThat(lines).allSatisfy(l -> assertThat(LISTED_KINDS).contains(json.readTree(l).get("kind").asText()));
    }

    @Test
    void recordsGoOutInEventTimeOrderSoStateFactsPrecedeTheEventsScoredAgainstThem() throws IOException {
        publisher(JsonlPublisher.Options.defaults()).publish(ReferenceFiles.seedEvents());

        List<String> ids = sent().stream().map(r -> r.lines().get(0).id()).toList();
        assertThat(ids).hasSize(183);
        assertThat(ids.indexOf("e47")).isLessThan(ids.indexOf("e1"));
        List<Instant> times = sent().stream().map(OutgoingRecord::timestamp).toList();
        assertThat(times).isSorted();
        assertThat(sink.closed).isTrue();
    }

    @Test
    void sortIsStableAndCanBeTurnedOff() throws IOException {
        Path f = file(
                "{\"id\":\"b\",\"kind\":\"price\",\"commodity\":\"gold\",\"reported_date\":\"2025-10\"}",
                "{\"id\":\"a\",\"kind\":\"supply_share\",\"subtype\":\"mine_share\",\"commodity\":\"gold\",\"effective_date\":\"2023\"}",
                "{\"id\":\"c\",\"kind\":\"price\",\"commodity\":\"gold\",\"reported_date\":\"2025-10-01\"}");
        publisher(JsonlPublisher.Options.defaults()).publish(f);
        assertThat(sentIds()).containsExactly("a", "b", "c");

        sink.sent.clear();
        publisher(JsonlPublisher.Options.defaults().withKeepFileOrder(true)).publish(f);
        assertThat(sentIds()).containsExactly("b", "a", "c");
    }

    @Test
    void recordTimestampsRiseStrictlySoEveryReplayMergesTheTopicsInPublishOrder() throws IOException {
        publisher(JsonlPublisher.Options.defaults()).publish(ReferenceFiles.seedEvents());
        List<Instant> times = sent().stream().map(OutgoingRecord::timestamp).toList();
        assertThat(times).doesNotHaveDuplicates().isSorted();
        // Ties move by milliseconds only: every record stays within a second of its own event time.
        for (OutgoingRecord r : sent()) {
            Instant eventTime = switch (r.value()) {
                case MarketEvent m -> m.getEventTime();
                case io.supplyshock.schema.PolicyEvent p -> p.getEventTime();
                case io.supplyshock.schema.DisruptionEvent d -> d.getEventTime();
                default -> throw new AssertionError(r.value());
            };
            assertThat(java.time.Duration.between(eventTime, r.timestamp())).isBetween(java.time.Duration.ZERO, java.time.Duration.ofSeconds(1));
        }
        long tied = sent().stream().filter(r -> !r.timestamp().equals(switch (r.value()) {
            case MarketEvent m -> m.getEventTime();
            case io.supplyshock.schema.PolicyEvent p -> p.getEventTime();
            case io.supplyshock.schema.DisruptionEvent d -> d.getEventTime();
            default -> r.timestamp();
        })).count();
        assertThat(tied).as("the seed has many same-day facts").isGreaterThan(10);
    }

    @Test
    void recordsCarryKeyTimestampAndValue() throws IOException {
        publisher(JsonlPublisher.Options.defaults()).publish(file(
                "{\"id\":\"s1\",\"kind\":\"supply_share\",\"subtype\":\"processing_share\",\"commodity\":\"Rare Earths\",\"value\":92,\"effective_date\":\"2023\"}"));
        OutgoingRecord r = sent().get(0);
        assertThat(r.topic()).isEqualTo(Topics.MARKET_EVENTS);
        assertThat(r.key()).isEqualTo("rare_earths");
        assertThat(r.timestamp()).isEqualTo(Instant.parse("2023-01-01T00:00:00Z"));
        assertThat(((MarketEvent) r.value()).getEventTime()).isEqualTo(r.timestamp());
    }

    @Test
    void badLinesAreRejectedWithLineNumbersAndReasonsAndBlankLinesCounted() throws IOException {
        Path f = file(
                "{\"id\":\"ok1\",\"kind\":\"price\",\"commodity\":\"gold\",\"reported_date\":\"2025-10\"}",
                "{not json",
                "",
                "{\"id\":\"k1\",\"kind\":\"gossip\",\"commodity\":\"gold\"}",
                "{\"id\":\"v1\",\"kind\":\"price\",\"commodity\":\"gold\",\"value\":\"abc\"}",
                "   ",
                "{\"id\":\"d1\",\"kind\":\"policy\",\"commodity\":\"gold\",\"effective_date\":\"2025-13-45\"}",
                "{\"id\":\"ok1\",\"kind\":\"price\",\"commodity\":\"gold\",\"reported_date\":\"2025-11\"}");

        PublishReport report = publisher(JsonlPublisher.Options.defaults()).publish(f);

        assertThat(report.totalLines()).isEqualTo(8);
        assertThat(report.blankLines()).isEqualTo(2);
        assertThat(report.published()).isEqualTo(1);
        assertThat(report.rejected()).extracting(Rejection::line).containsExactly(2, 4, 5, 7, 8);
        assertThat(report.rejected().get(0).reason()).startsWith("invalid JSON");
        assertThat(report.rejected().get(1).reason()).contains("unknown kind 'gossip'");
        assertThat(report.rejected().get(2)).isEqualTo(new Rejection("events.jsonl", 5, "v1", "value: 'abc' is not a number",
                Files.readAllLines(f).get(4)));
        assertThat(report.rejected().get(3).reason()).contains("effective_date: '2025-13-45'");
        assertThat(report.rejected().get(4).reason()).isEqualTo("duplicate id 'ok1' (first on line 1)");
        assertThat(report.summary()).isEqualTo("8 lines: 1 published (supply.market-events 1), 5 rejected, 2 blank");
    }

    @Test
    void missingFieldsAndAHugeLineAreRejectedOneByOneAndTheRestPublished() throws IOException {
        String huge = "{\"id\":\"big\",\"kind\":\"price\",\"commodity\":\"gold\",\"summary\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
        Path f = file(
                "{\"kind\":\"price\",\"commodity\":\"gold\",\"reported_date\":\"2025-10\"}",
                "{\"id\":\"nc\",\"kind\":\"price\",\"reported_date\":\"2025-10\"}",
                "{\"id\":\"nk\",\"commodity\":\"gold\",\"reported_date\":\"2025-10\"}",
                huge,
                "[1, 2, 3]",
                "{\"id\":\"ok\",\"kind\":\"price\",\"commodity\":\"gold\",\"reported_date\":\"2025-10\"}");

        PublishReport report = publisher(JsonlPublisher.Options.defaults()).publish(f);

        assertThat(report.published()).isEqualTo(1);
        assertThat(sentIds()).containsExactly("ok");
        assertThat(report.rejected()).extracting(Rejection::line).containsExactly(1, 2, 3, 4, 5);
        assertThat(report.rejected()).allSatisfy(r -> assertThat(r.reason()).isNotBlank().hasSizeLessThan(300));
        assertThat(report.rejected().get(0).reason()).contains("id");
        assertThat(report.rejected().get(1).reason()).contains("commodity");
        assertThat(report.rejected().get(2).reason()).contains("kind");
        assertThat(report.rejected().get(3).reason()).contains("too long");
        assertThat(report.published() + report.rejected().size() + report.blankLines()).isEqualTo(report.totalLines());
    }

    @Test
    void anEmptyFileIsAnEmptyRunAndADirectoryIsAClearError() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.jsonl"));
        PublishReport report = publisher(JsonlPublisher.Options.defaults()).publish(empty);
        assertThat(report.totalLines()).isZero();
        assertThat(report.completed()).isTrue();
        assertThat(report.summary()).startsWith("0 lines: 0 published");

        Path dir = Files.createDirectory(tmp.resolve("a-folder.jsonl"));
        assertThat(cli(dir.toString(), "--dry-run")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is a directory");
    }

    @Test
    void invalidUtf8RejectsOnlyItsLine() throws IOException {
        Path f = tmp.resolve("mixed.jsonl");
        byte[] good = "{\"id\":\"g\",\"kind\":\"price\",\"commodity\":\"gold\",\"reported_date\":\"2025\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'{', '"', 'i', (byte) 0xC3, (byte) 0x28, '\n'};
        Files.write(f, concat(good, bad));
        PublishReport report = publisher(JsonlPublisher.Options.defaults()).publish(f);
        assertThat(report.published()).isEqualTo(1);
        assertThat(report.rejected()).containsExactly(new Rejection("mixed.jsonl", 2, null, "not valid UTF-8 text", null));
    }

    @Test
    void sendFailuresAreCountedPerLine() throws IOException {
        sink.failId("e47");
        PublishReport report = publisher(JsonlPublisher.Options.defaults()).publish(ReferenceFiles.seedEvents());
        assertThat(report.published()).isEqualTo(182);
        assertThat(report.rejected()).containsExactly(new Rejection(ReferenceFiles.seedEvents().getFileName().toString(), 47, "e47",
                "broker refused the record: RecordTooLargeException", Files.readAllLines(ReferenceFiles.seedEvents()).get(46)));
        assertThat(report.completed()).isTrue();
    }

    @Test
    void anUnreachableBrokerRejectsEveryLineAndStopsTheRun() throws IOException {
        sink.unreachable("cannot reach Kafka at 127.0.0.1:9092 within 30s");
        PublishReport report = publisher(JsonlPublisher.Options.defaults()).publish(ReferenceFiles.seedEvents());
        assertThat(report.published()).isZero();
        assertThat(report.rejected()).hasSize(183);
        assertThat(report.undated()).as("undated lines that were not published are not counted").isZero();
        assertThat(report.completed()).isFalse();
        assertThat(report.summary()).endsWith("stopped early: cannot reach Kafka at 127.0.0.1:9092 within 30s");
    }

    @Test
    void writesTheRejectsReportAsJsonLinesOrCsv() throws IOException {
        Path f = file("{\"id\":\"v1\",\"kind\":\"price\",\"commodity\":\"gold\",\"value\":\"abc\"}", "oops");
        Path jsonl = tmp.resolve("out/rejects.jsonl");
        publisher(JsonlPublisher.Options.defaults().withRejects(jsonl, RejectsFormat.JSONL)).publish(f);
        List<String> lines = Files.readAllLines(jsonl);
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.get("source").asText()).isEqualTo("events.jsonl");
        assertThat(first.get("line").asInt()).isEqualTo(1);
        assertThat(first.get("id").asText()).isEqualTo("v1");
        assertThat(first.get("reason").asText()).isEqualTo("value: 'abc' is not a number");
        assertThat(first.get("raw").asText()).isEqualTo("{\"id\":\"v1\",\"kind\":\"price\",\"commodity\":\"gold\",\"value\":\"abc\"}");
        assertThat(new ObjectMapper().readTree(lines.get(1)).get("id").isNull()).isTrue();

        Path csv = tmp.resolve("rejects.csv");
        publisher(JsonlPublisher.Options.defaults().withRejects(csv, RejectsFormat.CSV)).publish(f);
        assertThat(Files.readAllLines(csv)).first().isEqualTo("source,line,id,reason,raw");
        assertThat(Files.readAllLines(csv).get(1)).isEqualTo(
                "events.jsonl,1,v1,value: 'abc' is not a number,\"{\"\"id\"\":\"\"v1\"\",\"\"kind\"\":\"\"price\"\",\"\"commodity\"\":\"\"gold\"\",\"\"value\"\":\"\"abc\"\"}\"");
        assertThat(Files.readAllLines(csv).get(2)).startsWith("events.jsonl,2,,").endsWith(",oops");
    }

    @Test
    void aRejectedLineIsRepeatedUpToItsFirstKilobyte() throws IOException {
        String longLine = "{\"id\":\"big\",\"kind\":\"price\",\"commodity\":\"gold\",\"value\":\"" + "9x".repeat(3000) + "\"}";
        PublishReport report = publisher(JsonlPublisher.Options.defaults().withDryRun(true)).publish(file(longLine));
        assertThat(report.rejected()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("big");
            assertThat(r.raw()).hasSize(Rejection.MAX_RAW_CHARS).isEqualTo(longLine.substring(0, Rejection.MAX_RAW_CHARS));
        });
    }

    @Test
    void progressIsReportedAtTheEnd() throws IOException {
        publisher(JsonlPublisher.Options.defaults().withDryRun(true)).publish(ReferenceFiles.seedEvents());
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("mapped 183/183");
    }

    // ---- command line ----

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(String... args) {
        return Cli.run("publish", args, AppConfig.of(Map.of()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void cliDryRunPrintsTheSummaryAndWritesRejects() {
        Path rejects = tmp.resolve("r.csv");
        int code = cli(ReferenceFiles.seedEvents().toString(), "--dry-run", "--rejects", rejects.toString(), "--rejects-format", "csv");
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("[dry run, nothing sent] 183 lines: 183 published");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("warning: 6 line(s) had no date");
        assertThat(rejects).hasContent("source,line,id,reason,raw");
    }

    @Test
    void cliRejectsBadArgumentsWithUsage() {
        assertThat(cli()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing required parameter: 'FILE'").contains("Usage: supplyshock publish");
        assertThat(cli("a.jsonl", "--batch-size", "0")).isEqualTo(2);
        assertThat(cli("a.jsonl", "--rejects-format", "xml")).isEqualTo(2);
        assertThat(cli("a.jsonl", "--frobnicate")).isEqualTo(2);
        assertThat(cli("a.jsonl", "b.jsonl")).isEqualTo(2);
        assertThat(cli("a.jsonl", "--rejects")).isEqualTo(2);
    }

    @Test
    void cliFailsClearlyOnAMissingFile() {
        assertThat(cli(tmp.resolve("nope.jsonl").toString(), "--dry-run")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read").contains("no such file");
    }

    @Test
    void cliRejectsABadUndatedSetting() {
        int code = Cli.run("publish", new String[]{"x.jsonl"}, AppConfig.of(Map.of("publish.undated", "guess")),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("publish.undated").contains("'guess'");
    }

    private List<OutgoingRecord> sent() {
        return sink.sent;
    }

    private List<String> sentIds() {
        return sink.sent.stream().map(r -> r.lines().get(0).id()).toList();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
