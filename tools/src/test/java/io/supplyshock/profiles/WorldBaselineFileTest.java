package io.supplyshock.profiles;

import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.RegionalDemand;
import io.supplyshock.schema.SupplyShare;
import io.supplyshock.schema.SupplyStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorldBaselineFileTest {

    private static final String SHARES_HEADER = "commodity,stage,country,share_pct,world_output,world_output_unit,data_year,source,estimate,note\n";
    private static final String DEMAND_HEADER = "commodity,region,annual_consumption,unit,net_import_reliance_pct,main_import_sources,"
            + "annual_market_value_usd,reference_price,reference_price_unit,data_year,source,estimate,note\n";

    @Test
    void theShippedBaselineCoversTheReferenceCommoditiesWithSourcedDatedRows() {
        Map<String, CommoditySupplyProfile> by = WorldBaselineFile.byCommodity(WorldBaselineFile.bundled());

        List<String> withShares = by.values().stream().filter(p -> !p.getShares().isEmpty() && !p.getSource().contains("(as "))
                .map(CommoditySupplyProfile::getCommodity).toList();
        assertThat(withShares).hasSizeGreaterThanOrEqualTo(40)
                .contains("rare_earths", "rare_earth_magnets", "gallium", "germanium", "graphite", "antimony", "tungsten", "cobalt",
                        "lithium", "nickel", "copper", "manganese", "tantalum", "indium", "scandium", "silver", "gold", "platinum",
                        "palladium", "tin", "uranium", "aluminium", "polysilicon", "semiconductors", "dram");
        for (CommoditySupplyProfile p : by.values()) {
            for (SupplyShare s : p.getShares()) {
                assertThat(s.getSource()).as(p.getCommodity()).isNotBlank();
                assertThat(s.getAsOf()).as(p.getCommodity()).isNotNull();
                assertThat(s.getFromBaseline()).isTrue();
            }
        }
        // stage totals: never above 100, and at least 80% except these eight (the 2024 crude_oil MINE rows now cover more
        // than 80%; neon, tin MINE and the EXPORTS stages of rare_earths, refined_products and steel list fewer countries)
        Map<String, Double> totals = by.values().stream().filter(p -> !p.getSource().contains("(as ")).flatMap(p -> p.getShares().stream()
                        .map(s -> Map.entry(p.getCommodity() + " " + s.getStage(), s.getSharePct())))
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.summingDouble(Map.Entry::getValue)));
        assertThat(totals.values()).allSatisfy(t -> assertThat(t).isLessThanOrEqualTo(101.0));
        assertThat(totals.entrySet().stream().filter(e -> e.getValue() < 80).map(Map.Entry::getKey))
                .containsExactlyInAnyOrder("gold MINE", "iron_ore MINE", "semiconductors MANUFACTURING", "tin MINE", "neon REFINED",
                        "rare_earths EXPORTS", "refined_products EXPORTS", "steel EXPORTS");
    }

    @Test
    void theDrcsCobaltShareAndUsCopperRelianceAreWhereTheModelLooks() {
        Map<String, CommoditySupplyProfile> by = WorldBaselineFile.byCommodity(WorldBaselineFile.bundled());

        SupplyShare cd = by.get("cobalt").getShares().stream().filter(s -> s.getCountry().equals("CD") && s.getStage() == SupplyStage.MINE)
                .findFirst().orElseThrow();
        // USGS MCS 2025 row (2024e), which replaced the MCS 2024 row (73.9% in 2023)
        assertThat(cd.getSharePct()).isEqualTo(75.9);
        assertThat(cd.getAsOf()).isEqualTo(LocalDate.of(2024, 1, 1));
        RegionalDemand us = by.get("copper").getDemand().stream().filter(d -> d.getRegion().equals("US")).findFirst().orElseThrow();
        assertThat(us.getNetImportReliancePct()).isEqualTo(46.0);
        assertThat(by.get("copper").getMarket().getReferencePrice()).isEqualTo(9147.0); // LME cash average 2024 (was 8598, 2023)
    }

    @Test
    void anAliasCarriesItsTargetsFiguresForTheNamedStagesOnly() {
        Map<String, CommoditySupplyProfile> by = WorldBaselineFile.byCommodity(WorldBaselineFile.bundled());

        assertThat(by.get("cobalt_ore").getShares()).isNotEmpty().allSatisfy(s -> assertThat(s.getStage()).isEqualTo(SupplyStage.MINE));
        assertThat(by.get("cobalt_ore").getDemand()).isEqualTo(by.get("cobalt").getDemand());
        assertThat(by.get("server_dram").getShares()).isEqualTo(by.get("dram").getShares());
        assertThat(by.get("cobalt_ore").getSource()).contains("as cobalt");
    }

    @Test
    void aUsersFolderReplacesTheRowsItRepeatsAndAddsNewCommodities(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(WorldBaselineFile.SHARES), SHARES_HEADER
                + "cobalt,MINE,CD,70,,,2024,My desk research 2024,no,\n"
                + "unobtainium,MINE,XX,60,,,2024,My desk research 2024,yes,\n");
        Files.writeString(dir.resolve(WorldBaselineFile.DEMAND), DEMAND_HEADER
                + "unobtainium,US,100,tonnes,90,XX:80,,,,2024,My desk research 2024,yes,\n");

        Map<String, CommoditySupplyProfile> by = WorldBaselineFile.byCommodity(WorldBaselineFile.read(List.of(dir), true));

        SupplyShare cd = by.get("cobalt").getShares().stream().filter(s -> s.getCountry().equals("CD") && s.getStage() == SupplyStage.MINE)
                .findFirst().orElseThrow();
        assertThat(cd.getSharePct()).isEqualTo(70.0);
        assertThat(cd.getSource()).isEqualTo("My desk research 2024");
        assertThat(by.get("unobtainium").getDemand().getFirst().getImportSources().getFirst().getSharePct()).isEqualTo(80.0);
        assertThat(by).containsKey("gallium");

        assertThat(WorldBaselineFile.read(List.of(dir), false)).extracting(CommoditySupplyProfile::getCommodity)
                .containsExactly("cobalt", "unobtainium");
    }

    @Test
    void badRowsAreRefusedWithFileLineAndReason(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(WorldBaselineFile.SHARES), SHARES_HEADER
                + "cobalt,MINE,CD,170,,,2024,x,no,\n"
                + "cobalt,QUARRY,CD,10,,,2024,x,no,\n"
                + "cobalt,MINE,Congo,10,,,2024,x,no,\n"
                + "cobalt,MINE,ZM,10,,,24,x,no,\n"
                + "tin,MINE,CN,60,,,2024,x,no,\n"
                + "tin,MINE,ID,50,,,2024,x,no,\n");
        Files.writeString(dir.resolve(WorldBaselineFile.DEMAND), DEMAND_HEADER + "tin,US,1,tonnes,,CN-60,,,,2024,x,no,\n");

        assertThatThrownBy(() -> WorldBaselineFile.read(List.of(dir), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("world-supply-shares.csv line 2: share_pct must be 0..100, got 170.0")
                .hasMessageContaining("line 3: stage must be one of")
                .hasMessageContaining("line 4: country must be an ISO 3166 alpha-2 code, got 'Congo'")
                .hasMessageContaining("line 5: data_year must be a year like 2023, got '24'")
                .hasMessageContaining("tin MINE shares add up to 110.0%")
                .hasMessageContaining("demand.csv line 2: main_import_sources must look like 'CN:70;JP:10'");
    }

    @Test
    void aFolderWithNoneOfTheFilesIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> WorldBaselineFile.read(List.of(dir), true)).hasMessageContaining("holds none of");
        assertThatThrownBy(() -> WorldBaselineFile.read(List.of(dir.resolve("missing")), true)).hasMessageContaining("is not a folder");
    }
}
