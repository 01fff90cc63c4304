package io.supplyshock.profiles;

import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.SupplyStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class CommoditySupplyProfileFileTest {

    @TempDir
    Path tmp;

    @Test
    void groupsRowsIntoOneProfilePerCommodity() throws IOException {
        Path f = tmp.resolve("supply.csv");
        Files.writeString(f, String.join("\n",
                "commodity,country,stage,share_pct,source,as_of",
                "rare_earths,CN,mining,70,TradingKey,2025-10",
                "gallium,cn,REFINED,98,USGS,2024",
                "Rare Earths,CN,processing,92,IEA,2023",
                "rare_earths,US,mine,12,,",
                "rare_earths,CN,processing,91,IEA,2023",
                "rare_earths,CN,MINE,170,x,2025",
                "rare_earths,,MINE,10,x,2025",
                "rare_earths,MM,sorting,5,x,2025-99") + "\n", StandardCharsets.UTF_8);

        CommoditySupplyProfileFile.Result r = CommoditySupplyProfileFile.read(f);

        assertThat(r.totalLines()).isEqualTo(8);
        assertThat(r.profiles()).extracting(CommoditySupplyProfile::getCommodity).containsExactly("rare_earths", "gallium");
        CommoditySupplyProfile ree = r.profiles().get(0);
        assertThat(ree.getShares()).extracting(s -> s.getCountry() + " " + s.getStage() + " " + s.getSharePct())
                .containsExactly("CN MINE 70.0", "CN PROCESSING 92.0", "US MINE 12.0");
        assertThat(ree.getAsOf()).isEqualTo(LocalDate.of(2025, 10, 1));
        assertThat(ree.getSource()).isEqualTo("TradingKey; IEA");
        assertThat(r.groups().get(0).lines()).hasSize(3);
        assertThat(r.profiles().get(1).getShares().get(0).getCountry()).isEqualTo("CN");
        assertThat(r.profiles().get(1).getShares().get(0).getStage()).isEqualTo(SupplyStage.REFINED);
        assertThat(r.rejects()).extracting(x -> x.line() + ": " + x.reason()).containsExactly(
                "6: duplicate share for CN PROCESSING as of 2023-01-01 (first on line 4)",
                "7: share_pct '170' is not a number from 0 to 100",
                "8: missing country",
                "9: as_of: '2025-99' is not a calendar date (Invalid value for MonthOfYear (valid values 1 - 12): 99)");
    }
}
