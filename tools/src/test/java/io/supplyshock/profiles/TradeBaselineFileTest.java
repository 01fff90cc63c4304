package io.supplyshock.profiles;

import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.ImportSource;
import io.supplyshock.schema.RegionalDemand;
import io.supplyshock.schema.SupplyStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trade and buffer files of the baseline (issue 18 section 2): how they become demand entries, and what is refused. */
class TradeBaselineFileTest {

    private static final String TOTALS = "sector,country,imports_usd,exports_usd,data_year,source,estimate,note\n";
    private static final String FLOWS = "sector,importer,exporter,value_usd,data_year,source,estimate,note\n";
    private static final String BUFFERS = "commodity,buffer_pct,kind,data_year,source,estimate,note\n";

    @Test
    void aFlowIsSharedOutOverTheImportersImportsAndTheExportersExports(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(WorldBaselineFile.TRADE_TOTALS), TOTALS
                + "widgets,AA,1000,400,2023,Customs 2023,no,\n"
                + "widgets,BB,300,800,2023,Customs 2023,no,\n");
        Files.writeString(dir.resolve(WorldBaselineFile.TRADE_FLOWS), FLOWS
                + "widgets,AA,BB,200,2023,Customs 2023,no,\n"
                + "widgets,BB,AA,60,2023,Customs 2023,no,\n");

        CommoditySupplyProfile widgets = WorldBaselineFile.byCommodity(WorldBaselineFile.read(List.of(dir), false)).get("widgets");

        RegionalDemand aa = region(widgets, "AA");
        assertThat(aa.getAnnualImportsUsd()).isEqualTo(1000.0);
        assertThat(aa.getImportSources()).extracting(ImportSource::getCountry, ImportSource::getSharePct).containsExactly(
                org.assertj.core.groups.Tuple.tuple("BB", 20.0));                  // 200 of AA's 1,000
        assertThat(aa.getExportDestinations()).extracting(ImportSource::getSharePct).containsExactly(15.0); // 60 of AA's 400
        RegionalDemand bb = region(widgets, "BB");
        assertThat(bb.getExportDestinations()).extracting(ImportSource::getSharePct).containsExactly(25.0); // 200 of BB's 800
        assertThat(bb.getSource()).isEqualTo("trade baseline: Customs 2023");
    }

    @Test
    void aBufferIsAWorldEntryOfItsOwnWithItsKind(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(WorldBaselineFile.BUFFERS), BUFFERS + "widgets,4.5,spare_capacity,2024,Agency report 2024,yes,\n");

        RegionalDemand world = region(WorldBaselineFile.byCommodity(WorldBaselineFile.read(List.of(dir), false)).get("widgets"), "WORLD");

        assertThat(world.getBufferPct()).isEqualTo(4.5);
        assertThat(world.getBufferKind()).isEqualTo("spare_capacity");
        assertThat(world.getEstimate()).isTrue();
    }

    @Test
    void aFlowWithoutItsImportersTotalAFlowLargerThanItAndAnUnknownBufferKindAreRefusedWithTheirReasons(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(WorldBaselineFile.TRADE_TOTALS), TOTALS + "widgets,AA,100,,2023,Customs 2023,no,\n");
        Files.writeString(dir.resolve(WorldBaselineFile.TRADE_FLOWS), FLOWS
                + "widgets,CC,AA,10,2023,Customs 2023,no,\n"
                + "widgets,AA,BB,150,2023,Customs 2023,no,\n");
        Files.writeString(dir.resolve(WorldBaselineFile.BUFFERS), BUFFERS + "widgets,5,warehouse,2024,x,no,\n");

        assertThatThrownBy(() -> WorldBaselineFile.read(List.of(dir), false))
                .hasMessageContaining("buffers.csv line 2: kind must be spare_capacity, stocks or strategic_reserve, got 'warehouse'")
                .hasMessageContaining("widgets AA -> CC needs the imports_usd of CC in trade-totals.csv")
                .hasMessageContaining("widgets BB -> AA is larger than AA's imports");
    }

    @Test
    void theShippedBaselineHasExportSharesTradeForTheLargestEconomiesAndAtLeastSeventyCommodities() {
        Map<String, CommoditySupplyProfile> by = WorldBaselineFile.byCommodity(WorldBaselineFile.bundled());

        long commodities = by.values().stream().filter(p -> !p.getShares().isEmpty() && !p.getSource().contains("(as ")).count();
        assertThat(commodities).isGreaterThanOrEqualTo(70);
        assertThat(by.get("rare_earths").getShares()).anyMatch(s -> s.getStage() == SupplyStage.EXPORTS && s.getCountry().equals("CN"));
        assertThat(by.get("uranium").getShares()).extracting(s -> s.getStage()).contains(SupplyStage.MINE, SupplyStage.PROCESSING, SupplyStage.REFINED);
        assertThat(by.get("pgms").getSource()).doesNotContain("as platinum");
        List<RegionalDemand> trade = by.get("all_goods").getDemand().stream().filter(d -> d.getAnnualImportsUsd() != null).toList();
        assertThat(trade).hasSizeGreaterThanOrEqualTo(30);
        assertThat(region(by.get("all_goods"), "US").getImportSources()).extracting(ImportSource::getCountry).contains("CN", "MX", "CA");
    }

    private static RegionalDemand region(CommoditySupplyProfile p, String region) {
        return p.getDemand().stream().filter(d -> d.getRegion().equals(region)).findFirst().orElseThrow();
    }
}
