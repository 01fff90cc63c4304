package io.supplyshock.events;

import io.supplyshock.schema.DatePrecision;
import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.DisruptionKind;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.PartialDate;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.SupplyStage;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.topics.Topics;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class ReferenceLineMapperTest {

    private static final Instant PUBLISH_TIME = Instant.parse("2026-02-01T12:00:00Z");

    private final ReferenceLineMapper mapper = new ReferenceLineMapper(UndatedPolicy.PUBLISH_TIME, PUBLISH_TIME);

    private LineResult.Mapped mapSeed(String id) throws IOException {
        SeedLine line = seedLine(id);
        LineResult result = mapper.map(line.text(), line.number());
        assertThat(result).isInstanceOf(LineResult.Mapped.class);
        return (LineResult.Mapped) result;
    }

    private record SeedLine(int number, String text) {
    }

    private static SeedLine seedLine(String id) throws IOException {
        java.util.List<String> lines = java.nio.file.Files.readAllLines(ReferenceData.seedEventsFile(), java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"id\": \"" + id + "\"")) return new SeedLine(i + 1, lines.get(i));
        }
        throw new IllegalArgumentException("no line with id " + id);
    }

    private Rejection reject(String json, int line) {
        LineResult result = mapper.map(json, line);
        assertThat(result).isInstanceOf(Rejection.class);
        return (Rejection) result;
    }

    @Test
    void e1IsAChineseExportLicenceOnRareEarths() throws IOException {
        LineResult.Mapped m = mapSeed("e1");
        assertThat(m.topic()).isEqualTo(Topics.POLICY_EVENTS);
        assertThat(m.key()).isEqualTo("rare_earths");
        assertThat(m.eventTime()).isEqualTo(Instant.parse("2025-10-09T00:00:00Z"));
        PolicyEvent e = (PolicyEvent) m.value();
        assertThat(e.getEventId()).isEqualTo("e1");
        assertThat(e.getCommodity()).isEqualTo("rare_earths");
        assertThat(e.getInstrument()).isEqualTo(PolicyInstrument.EXPORT_LICENCE);
        assertThat(e.getAction()).isEqualTo(PolicyAction.IMPOSE);
        assertThat(e.getRawSubtype()).isEqualTo("export_license");
        assertThat(e.getIssuerCountry()).isEqualTo("CN");
        assertThat(e.getTargetCountries()).isEmpty();
        assertThat(e.getValue()).isEqualTo(0.1);
        assertThat(e.getUnit()).isEqualTo("pct");
        assertThat(e.getEffectiveDate()).isEqualTo(new PartialDate(LocalDate.of(2025, 12, 1), DatePrecision.DAY, "2025-12-01"));
        assertThat(e.getAnnouncedDate().getDate()).isEqualTo(LocalDate.of(2025, 10, 9));
        assertThat(e.getExpiryDate()).isNull();
        assertThat(e.getEventTime()).isEqualTo(Instant.parse("2025-10-09T00:00:00Z"));
        assertThat(e.getProvenance().getSourceId()).isEqualTo("e1");
        assertThat(e.getProvenance().getGroup()).isEqualTo("CN_REE_EXPORT_CTRL_2025-10-09");
        assertThat(e.getProvenance().getArticle()).isEqualTo("000-A1");
        assertThat(e.getProvenance().getSourceFile()).isEqualTo("000_d96deba0e5b6d06a.txt");
        assertThat(e.getProvenance().getAlsoIn()).hasSize(5).contains("001_4026d6faefd20d6f.txt#001-A3");
        assertThat(e.getProvenance().getEntities()).containsExactly("MOFCOM");
        assertThat(e.getProvenance().getQuote()).startsWith("自12月1日起");
        assertThat(e.getProvenance().getLanguage()).isEqualTo("zh-Hant");
        assertThat(e.getProvenance().getRelevance()).isEqualTo("core");
        assertThat(e.getProvenance().getSummary()).startsWith("China MOFCOM");
        assertThat(e.getProvenance().getDateBasis()).contains("上週四");
    }

    @Test
    void e89IsAPauseOfExportControlsThatExpiresAYearAfterItTookEffect() throws IOException {
        PolicyEvent e = (PolicyEvent) mapSeed("e89").value();
        assertThat(e.getInstrument()).isEqualTo(PolicyInstrument.EXPORT_CONTROL);
        assertThat(e.getAction()).isEqualTo(PolicyAction.PAUSE);
        assertThat(e.getEffectiveDate().getDate()).isEqualTo(LocalDate.of(2025, 11, 1));
        assertThat(e.getExpiryDate().getDate()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(e.getExpiryDate().getPrecision()).isEqualTo(DatePrecision.MONTH);
        // no announcement: the earliest of effective (2025-11) and reported (2025-12)
        assertThat(e.getEventTime()).isEqualTo(Instant.parse("2025-11-01T00:00:00Z"));
    }

    @Test
    void e41NegotiationWindowRunsItsLengthFromTheAnnouncement() throws IOException {
        PolicyEvent e = (PolicyEvent) mapSeed("e41").value();
        assertThat(e.getInstrument()).isEqualTo(PolicyInstrument.NEGOTIATION_WINDOW);
        // announced 2026-01-14 + 180 days = the deadline the article states (and the line's effective date)
        assertThat(e.getExpiryDate()).isEqualTo(new PartialDate(LocalDate.of(2026, 7, 13), DatePrecision.DAY, "2026-07-13"));
    }

    @Test
    void pausesStatedInOtherUnitsHaveNoExpiry() throws IOException {
        // e13: tariff_pause with value 0 pct
        PolicyEvent e = (PolicyEvent) mapSeed("e13").value();
        assertThat(e.getAction()).isEqualTo(PolicyAction.PAUSE);
        assertThat(e.getExpiryDate()).isNull();
    }

    @Test
    void e3IsASupplyShareMarketEvent() throws IOException {
        LineResult.Mapped m = mapSeed("e3");
        assertThat(m.topic()).isEqualTo(Topics.MARKET_EVENTS);
        MarketEvent e = (MarketEvent) m.value();
        assertThat(e.getMetric()).isEqualTo(MarketMetric.SUPPLY_SHARE);
        assertThat(e.getSourceKind()).isEqualTo("supply_share");
        assertThat(e.getCountry()).isEqualTo("CN");
        assertThat(e.getStage()).isEqualTo(SupplyStage.MARKET);
        assertThat(e.getValue()).isEqualTo(70.0);
        // only a reported month and no date of its own: a structural fact, stamped at the start of history
        assertThat(e.getObservedDate()).isNull();
        assertThat(e.getEventTime()).isEqualTo(Instant.EPOCH);
        assertThat(m.eventTime()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void e47IsTheProcessingShareAsOf2023() throws IOException {
        LineResult.Mapped m = mapSeed("e47");
        MarketEvent e = (MarketEvent) m.value();
        assertThat(e.getMetric()).isEqualTo(MarketMetric.SUPPLY_SHARE);
        assertThat(e.getStage()).isEqualTo(SupplyStage.PROCESSING);
        assertThat(e.getValue()).isEqualTo(92.0);
        assertThat(e.getCountry()).isEqualTo("CN");
        assertThat(e.getObservedDate()).isEqualTo(new PartialDate(LocalDate.of(2023, 1, 1), DatePrecision.YEAR, "2023"));
        assertThat(m.eventTime()).isEqualTo(Instant.parse("2023-01-01T00:00:00Z"));
    }

    @Test
    void e163IsAnEarthquakeHittingTaiwan() throws IOException {
        LineResult.Mapped m = mapSeed("e163");
        assertThat(m.topic()).isEqualTo(Topics.DISRUPTION_EVENTS);
        assertThat(m.key()).isEqualTo("semiconductors");
        DisruptionEvent e = (DisruptionEvent) m.value();
        assertThat(e.getKind()).isEqualTo(DisruptionKind.NATURAL_DISASTER);
        assertThat(e.getRawSubtype()).isEqualTo("earthquake");
        assertThat(e.getCountry()).isNull();
        assertThat(e.getAffectedCountry()).isEqualTo("TW");
        assertThat(e.getMagnitude()).isEqualTo(7.0);
        assertThat(e.getUnit()).isEqualTo("magnitude");
        assertThat(e.getStartDate().getPrecision()).isEqualTo(DatePrecision.MONTH);
    }

    @Test
    void aReportedMonthHasMonthPrecision() throws IOException {
        // e4: effective 2025-10, reported 2025-10, direction only
        MarketEvent e = (MarketEvent) mapSeed("e4").value();
        assertThat(e.getObservedDate().getPrecision()).isEqualTo(DatePrecision.MONTH);
        assertThat(e.getObservedDate().getRaw()).isEqualTo("2025-10");
        assertThat(e.getValue()).isNull();
        assertThat(e.getDirection()).isEqualTo("up");
    }

    @Test
    void targetCountryBecomesTheOnlyTarget() throws IOException {
        PolicyEvent e = (PolicyEvent) mapSeed("e88").value();
        assertThat(e.getIssuerCountry()).isEqualTo("US");
        assertThat(e.getTargetCountries()).containsExactly("CN");
    }

    @Test
    void unknownCommoditiesAndSubtypesAreMappedNotRejected() {
        LineResult r = mapper.map("""
                {"id":"x1","kind":"policy","subtype":"moon_mining_moratorium","commodity":"Helium 3","value_max":12}""", 1);
        assertThat(r).isInstanceOf(LineResult.Mapped.class);
        PolicyEvent e = (PolicyEvent) ((LineResult.Mapped) r).value();
        assertThat(e.getCommodity()).isEqualTo("helium_3");
        assertThat(e.getInstrument()).isEqualTo(PolicyInstrument.OTHER);
        assertThat(e.getRawSubtype()).isEqualTo("moon_mining_moratorium");
        assertThat(e.getValueMax()).isEqualTo(12.0);
    }

    @Test
    void kindIsCaseInsensitiveAndMissingSubtypeIsKeptEmpty() {
        LineResult r = mapper.map("{\"id\":\"x2\",\"kind\":\"Disruption\",\"commodity\":\"copper\",\"reported_date\":\"2025\"}", 1);
        DisruptionEvent e = (DisruptionEvent) ((LineResult.Mapped) r).value();
        assertThat(e.getKind()).isEqualTo(DisruptionKind.OTHER);
        assertThat(e.getRawSubtype()).isEmpty();
    }

    @Test
    void numericStringsAreNumbers() {
        LineResult r = mapper.map("{\"id\":\"x3\",\"kind\":\"price\",\"commodity\":\"silver\",\"value\":\" 52.5 \",\"reported_date\":\"2025-10-20\"}", 1);
        assertThat(((MarketEvent) ((LineResult.Mapped) r).value()).getValue()).isEqualTo(52.5);
    }

    @Test
    void quotesWithoutHanCharactersHaveNoLanguage() {
        assertThat(ReferenceLineMapper.language("prices rose")).isNull();
        assertThat(ReferenceLineMapper.language("稀土")).isEqualTo("zh-Hant");
        assertThat(ReferenceLineMapper.language(null)).isNull();
    }

    @Test
    void undatedLinesGetThePublishTimeByDefault() throws IOException {
        LineResult.Mapped m = mapSeed("e120");
        assertThat(m.undated()).isTrue();
        assertThat(m.eventTime()).isEqualTo(PUBLISH_TIME);
    }

    @Test
    void undatedLinesAreRejectedWhenConfiguredSo() throws IOException {
        ReferenceLineMapper strict = new ReferenceLineMapper(UndatedPolicy.REJECT, PUBLISH_TIME);
        SeedLine line = seedLine("e120");
        LineResult r = strict.map(line.text(), line.number());
        assertThat(r).isInstanceOf(Rejection.class);
        assertThat(((Rejection) r).reason()).contains("no date").contains("publish.undated=reject");
        LineResult both = strict.map("{\"id\":\"u2\",\"kind\":\"price\",\"commodity\":\"gold\",\"value\":\"x\"}", 2);
        assertThat(((Rejection) both).reason()).contains("value: 'x' is not a number").contains("no date");
    }

    @Test
    void periodStartDoesNotDateTheFact() {
        LineResult r = mapper.map("{\"id\":\"x4\",\"kind\":\"price\",\"commodity\":\"silver\",\"period_start\":\"2020\",\"reported_date\":\"2025-12\"}", 1);
        assertThat(((LineResult.Mapped) r).eventTime()).isEqualTo(Instant.parse("2025-12-01T00:00:00Z"));
    }

    @Test
    void invalidJsonIsRejectedWithTheLineNumber() {
        Rejection r = reject("{\"id\": \"x\", \"kind\": ", 7);
        assertThat(r.line()).isEqualTo(7);
        assertThat(r.id()).isNull();
        assertThat(r.reason()).startsWith("invalid JSON");
    }

    @Test
    void nonObjectsAndMissingIdsAreRejected() {
        assertThat(reject("[1,2]", 1).reason()).contains("not a JSON object");
        assertThat(reject("{\"kind\":\"policy\",\"commodity\":\"x\"}", 2).reason()).isEqualTo("missing or blank 'id'");
        assertThat(reject("{\"id\":\"  \",\"kind\":\"policy\",\"commodity\":\"x\"}", 3).reason()).isEqualTo("missing or blank 'id'");
    }

    @Test
    void unknownKindNamesTheKindAndTheKnownOnes() {
        Rejection r = reject("{\"id\":\"x5\",\"kind\":\"rumour\",\"commodity\":\"gold\",\"reported_date\":\"2025\"}", 4);
        assertThat(r.id()).isEqualTo("x5");
        assertThat(r.reason()).contains("unknown kind 'rumour'").contains("policy, price, inventory, flow, capacity, supply_share, disruption, other");
        assertThat(reject("{\"id\":\"x6\",\"commodity\":\"gold\"}", 5).reason()).contains("missing 'kind'");
    }

    @Test
    void missingCommodityIsRejected() {
        assertThat(reject("{\"id\":\"x7\",\"kind\":\"price\",\"commodity\":\" \"}", 1).reason()).contains("missing or blank 'commodity'");
    }

    @Test
    void nonNumericValuesAreRejectedNamingFieldAndValue() {
        Rejection r = reject("{\"id\":\"x8\",\"kind\":\"price\",\"commodity\":\"gold\",\"value\":\"abc\",\"previous_value\":true}", 9);
        assertThat(r.reason()).contains("value: 'abc' is not a number").contains("previous_value: boolean true is not a number");
    }

    @Test
    void impossibleDatesAreRejectedNamingFieldAndValue() {
        Rejection r = reject("{\"id\":\"x9\",\"kind\":\"policy\",\"commodity\":\"gold\",\"effective_date\":\"2025-13-45\"}", 11);
        assertThat(r.reason()).startsWith("effective_date: '2025-13-45' is not a calendar date");
    }

    @Test
    void secondOccurrenceOfAnIdIsRejectedNamingTheFirstLine() {
        String line = "{\"id\":\"dup\",\"kind\":\"price\",\"commodity\":\"gold\",\"reported_date\":\"2025\"}";
        assertThat(mapper.map(line, 3)).isInstanceOf(LineResult.Mapped.class);
        assertThat(reject(line, 8).reason()).isEqualTo("duplicate id 'dup' (first on line 3)");
    }

    @Test
    void repeatedKeysAndTrailingTextAreInvalidJson() {
        assertThat(reject("{\"id\":\"a\",\"id\":\"b\"}", 1).reason()).contains("invalid JSON").contains("Duplicate field");
        assertThat(reject("{\"id\":\"a\"} trailing", 2).reason()).contains("invalid JSON");
    }
}
