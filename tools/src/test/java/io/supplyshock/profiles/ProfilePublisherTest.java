package io.supplyshock.profiles;

import io.supplyshock.cli.Cli;
import io.supplyshock.config.AppConfig;
import io.supplyshock.publish.CapturingSink;
import io.supplyshock.publish.OutgoingRecord;
import io.supplyshock.publish.PublishReport;
import io.supplyshock.publish.RejectsFormat;
import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProfilePublisherTest {

    @TempDir
    Path tmp;

    private final CapturingSink sink = new CapturingSink();

    private ProfilePublisher publisher(boolean dryRun, Path rejects) {
        return new ProfilePublisher(new ProfilePublisher.Options(dryRun, rejects, RejectsFormat.JSONL), () -> sink);
    }

    private Path profiles() throws IOException {
        Path f = tmp.resolve("profiles.jsonl");
        Files.writeString(f, String.join("\n",
                "{\"entity_name\": \"MP Materials\", \"commodity\": \"ndpr\", \"weight\": 0.6, \"role\": \"producer\"}",
                "{\"entity_name\": \"Tesla\", \"commodity\": \"ndpr\", \"country\": \"CN\", \"weight\": 0.8, \"role\": \"consumer\"}",
                "",
                "{\"entity_name\": \"Nobody\", \"commodity\": \"ndpr\", \"weight\": 2}") + "\n", StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void publishesExposureProfilesKeyedByProfileId() throws IOException {
        Path rejects = tmp.resolve("rejects.jsonl");
        PublishReport report = publisher(false, rejects).publishExposureProfiles(profiles());

        assertThat(sink.sent).extracting(OutgoingRecord::key).containsExactly("mp-materials|ndpr|", "tesla|ndpr|CN");
        assertThat(sink.sent).allSatisfy(r -> assertThat(r.topic()).isEqualTo(Topics.EXPOSURE_PROFILES));
        assertThat(report.summary()).isEqualTo("4 lines: 2 published (supply.exposure-profiles 2), 1 rejected, 1 blank");
        assertThat(Files.readAllLines(rejects)).singleElement().asString().contains("\"source\":\"profiles.jsonl\"", "\"line\":4",
                "\"raw\":\"{\\\"entity_name\\\": \\\"Nobody\\\"");
    }

    @Test
    void sendFailuresAreRejectedPerLine() throws IOException {
        sink.failId("tesla|ndpr|CN");
        PublishReport report = publisher(false, null).publishExposureProfiles(profiles());
        assertThat(report.published()).isEqualTo(1);
        assertThat(report.rejected()).extracting(r -> r.line()).containsExactly(2, 4);
    }

    @Test
    void publishesOneCommodityProfilePerCommodityStampedWithItsAsOfDate() throws IOException {
        Path f = tmp.resolve("supply.jsonl");
        Files.writeString(f, String.join("\n",
                "{\"commodity\": \"rare_earths\", \"country\": \"CN\", \"stage\": \"mine\", \"share_pct\": 70, \"as_of\": \"2025-10\"}",
                "{\"commodity\": \"rare_earths\", \"country\": \"CN\", \"stage\": \"processing\", \"share_pct\": 92, \"as_of\": \"2023\"}",
                "{\"commodity\": \"silver\", \"country\": \"MX\", \"stage\": \"mine\", \"share_pct\": 24}") + "\n", StandardCharsets.UTF_8);
        sink.failId("silver");

        PublishReport report = publisher(false, null).publishCommodityProfiles(f);

        assertThat(sink.sent).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("rare_earths");
            assertThat(r.topic()).isEqualTo(Topics.COMMODITY_PROFILES);
            assertThat(r.timestamp()).isEqualTo(Instant.parse("2025-10-01T00:00:00Z"));
            assertThat(((CommoditySupplyProfile) r.value()).getShares()).hasSize(2);
        });
        assertThat(report.publishedByTopic()).containsEntry(Topics.COMMODITY_PROFILES, 2);
        assertThat(report.rejected()).singleElement().satisfies(r -> assertThat(r.line()).isEqualTo(3));
    }

    @Test
    void publishCliDryRunNeedsNoBroker() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run("publish-profiles", new String[]{profiles().toString(), "--dry-run"}, AppConfig.of(Map.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("[dry run, nothing sent] 4 lines: 2 published (supply.exposure-profiles 2), 1 rejected, 1 blank");

        assertThat(Cli.run("publish-commodity-profiles", new String[]{"--dry-run"}, AppConfig.of(Map.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(Cli.run("publish-profiles", new String[]{tmp.resolve("missing.csv").toString()}, AppConfig.of(Map.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(1);
    }
}
