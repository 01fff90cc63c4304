package io.supplyshock.evaluation;

import io.supplyshock.harness.HarnessMain;
import io.supplyshock.config.AppConfig;
import io.supplyshock.profiles.WorldBaselineFile;
import io.supplyshock.testing.ReferenceData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The analysts' labels held in CI: a change to the model that loses judgment on the seed, or on news it was
 * never tuned on, fails here. Raise the floors when the model gets better; never lower them to let a change in.
 */
class EvaluationTest {

    static final Path LABELS = Path.of("src/test/resources/evaluation");

    @Test
    void seedJudgmentHoldsItsTotals() throws IOException {
        Evaluation.Result r = Evaluation.run(ReferenceData.seedEventsFile(), AnalystLabels.read(LABELS.resolve("seed-labels.csv")),
                WorldBaselineFile.bundled(), AppConfig.of(Map.of()));
        Evaluation.Totals t = r.totals();

        assertThat(t.expectedAlerts()).isEqualTo(29);
        // Before the per-class model and the baseline: recall 11/29, bands 4/15. With the model and the baseline
        // but a producer group still taken for one event: recall 18/29, bands 21/22. With situations inside storylines:
        assertThat(t.recalled()).isGreaterThanOrEqualTo(25);
        assertThat(t.unexpected()).isLessThanOrEqualTo(1);
        assertThat(t.bandAgreed()).isGreaterThanOrEqualTo(27);
        assertThat(t.bandChecked() - t.bandAgreed()).isLessThanOrEqualTo(2);
        assertThat(t.keptTogether()).isGreaterThanOrEqualTo(3);
        assertThat(t.mergedDistinct()).isZero();
        assertThat(t.storylinesLinked()).isEqualTo(t.storylines()).isGreaterThanOrEqualTo(6);
        assertThat(t.unlabelledAlerts()).isZero();
    }

    @Test
    void judgmentHoldsOnNewsTheModelWasNeverTunedOn() throws IOException {
        Evaluation.Result r = Evaluation.run(LABELS.resolve("unseen-events.jsonl"), AnalystLabels.read(LABELS.resolve("unseen-labels.csv")),
                WorldBaselineFile.bundled(), AppConfig.of(Map.of()));
        Evaluation.Totals t = r.totals();

        assertThat(t.expectedAlerts()).isEqualTo(14);
        assertThat(t.recalled()).isEqualTo(14);
        assertThat(t.unexpected()).isZero();
        assertThat(t.bandAgreed()).isGreaterThanOrEqualTo(13);
    }

    @Test
    void theDoneWhenCasesOfTheJudgmentIssue() throws IOException {
        Evaluation.Result r = Evaluation.run(ReferenceData.seedEventsFile(), AnalystLabels.read(LABELS.resolve("seed-labels.csv")),
                WorldBaselineFile.bundled(), AppConfig.of(Map.of()));
        Map<String, Evaluation.Row> byId = new java.util.HashMap<>();
        r.rows().forEach(row -> byId.put(row.label().eventId(), row));

        assertThat(summary(byId, "e82")).contains("CN holds 98.4% of world refined supply");
        assertThat(byId.get("e82").own().orElseThrow().getSeverity().ordinal()).isGreaterThanOrEqualTo(io.supplyshock.schema.Severity.HIGH.ordinal());
        assertThat(summary(byId, "e97")).contains("CD holds 73.9% of world mine supply (USGS");
        assertThat(byId.get("e97").own().orElseThrow().getSeverity().ordinal()).isGreaterThanOrEqualTo(io.supplyshock.schema.Severity.HIGH.ordinal());
        assertThat(summary(byId, "e69")).contains("50-point tariff step", "US imports 46% of its use");
        // every stockpile purchase and price floor gets a size-relative input, and the sized ones alert
        for (String id : List.of("e35", "e169", "e51", "e63")) {
            assertThat(byId.get(id).own()).as(id).isPresent();
            assertThat(byId.get(id).own().get().getExplanation().getInputs()).as(id)
                    .anySatisfy(i -> assertThat(i.getName()).isEqualTo("size_vs_market"));
        }
        // no explanation says "unknown" for a share the baseline has
        r.alerts().stream().filter(a -> a.getExplanation().getInputs().stream().anyMatch(i -> i.getName().equals("issuer_share")))
                .forEach(a -> {
                    boolean baselineHasCommodity = WorldBaselineFile.byCommodity(WorldBaselineFile.bundled()).containsKey(a.getCommodity());
                    if (baselineHasCommodity) {
                        assertThat(a.getExplanation().getInputs()).as(a.getAlertId())
                                .filteredOn(i -> List.of("issuer_share", "import_reliance", "site_share", "target_share_of_supply").contains(i.getName()))
                                .noneSatisfy(i -> assertThat(i.getValue()).contains("unknown"));
                    }
                });
    }

    @Test
    void theReportListsEveryLabelAndTheTotals() throws IOException {
        Evaluation.Result r = Evaluation.run(ReferenceData.seedEventsFile(), AnalystLabels.read(LABELS.resolve("seed-labels.csv")),
                WorldBaselineFile.bundled(), AppConfig.of(Map.of()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Evaluation.print(r, new PrintStream(out, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);

        assertThat(report.lines().filter(l -> l.matches("^e\\d+ .*"))).hasSize(79);
        assertThat(report).contains("totals: recall " + r.totals().recalled() + "/29 expected alerts");
    }

    @Test
    void badLabelsAreRefusedWithTheLineAndTheReason(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("labels.csv");
        Files.writeString(f, """
                event_id,expect,min_band,max_band,situation,reason
                e1,alert,HIGH,LOW,s1,inverted band
                e2,maybe,,,s2,unknown expectation
                e3,none,LOW,HIGH,s3,none takes no band
                """);
        assertThatThrownBy(() -> AnalystLabels.read(f))
                .hasMessageContaining("line 2: event e1: min_band HIGH is above max_band LOW")
                .hasMessageContaining("line 3: expect must be alert, repeat or none")
                .hasMessageContaining("line 4: event e3: expect=none takes no band");
    }

    @Test
    void theCommandExitsTwoOnBadArguments() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(evaluate(e, "only-one.jsonl")).isEqualTo(2);
        assertThat(evaluate(e, "missing.jsonl", "missing.csv")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: supplyshock evaluate", "cannot read");
    }

    private static int evaluate(PrintStream err, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "evaluate";
        System.arraycopy(args, 0, command, 1, args.length);
        return HarnessMain.commandLine(() -> AppConfig.of(Map.of()), System.out, err).execute(command);
    }

    private static String summary(Map<String, Evaluation.Row> byId, String id) {
        return byId.get(id).own().orElseThrow(() -> new AssertionError(id + " raised no alert")).getExplanation().getSummary();
    }
}
