package io.supplyshock.profiles;

import io.supplyshock.events.Rejection;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExposureProfileFileTest {

    @TempDir
    Path tmp;

    private Path write(String name, String... lines) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void readsCsvWithDerivedIdsAndMappedRoles() throws IOException {
        Path f = write("profiles.csv",
                "entity_name,commodity,country,weight,role,entity_country",
                "Tesla,Rare Earths,cn,0.7,consumer (EV motors),US",
                "\"Lynas, Ltd\",rare_earths,,0.5,producer,AU");

        ExposureProfileFile.Result r = ExposureProfileFile.read(f);

        assertThat(r.rejects()).isEmpty();
        assertThat(r.totalLines()).isEqualTo(2);
        ExposureProfile tesla = r.profiles().get(0);
        assertThat(tesla.getProfileId()).isEqualTo("tesla|rare_earths|CN");
        assertThat(tesla.getRole()).isEqualTo(ExposureRole.CONSUMER);
        assertThat(tesla.getRawRole()).isEqualTo("consumer (EV motors)");
        assertThat(tesla.getSource()).isEqualTo("profiles.csv");
        assertThat(r.profiles().get(1).getProfileId()).isEqualTo("lynas-ltd|rare_earths|");
        assertThat(r.entries()).extracting(ExposureProfileFile.Entry::line).containsExactly(2, 3);
    }

    @Test
    void rejectsRowsItCannotUse() throws IOException {
        Path f = write("profiles.jsonl",
                "{\"entity_name\": \"A\", \"commodity\": \"gold\", \"weight\": 0.5}",
                "{\"commodity\": \"gold\", \"weight\": 0.5}",
                "{\"entity_name\": \"B\", \"commodity\": \"gold\", \"weight\": 1.5}",
                "{\"entity_name\": \"C\", \"commodity\": \"gold\", \"weight\": \"lots\"}",
                "{\"entity_id\": \"Bad_Id\", \"entity_name\": \"D\", \"commodity\": \"gold\", \"weight\": 0.1}",
                "",
                "{\"entity_name\": \"A\", \"commodity\": \"Gold\", \"weight\": 0.9}",
                "{broken",
                "{\"entity_name\": \"E\", \"commodity\": \"gold\"}");

        ExposureProfileFile.Result r = ExposureProfileFile.read(f);

        assertThat(r.totalLines()).isEqualTo(9);
        assertThat(r.blankLines()).isEqualTo(1);
        assertThat(r.entries()).hasSize(1);
        assertThat(r.entries().size() + r.rejects().size() + r.blankLines()).isEqualTo(r.totalLines());
        assertThat(r.rejects()).extracting(Rejection::line).containsExactlyInAnyOrder(2, 3, 4, 5, 7, 8, 9);
        assertThat(reason(r, 2)).isEqualTo("missing entity_name");
        assertThat(reason(r, 3)).isEqualTo("weight '1.5' is not a number from 0 to 1");
        assertThat(reason(r, 4)).isEqualTo("weight 'lots' is not a number from 0 to 1");
        assertThat(reason(r, 5)).contains("entity_id 'Bad_Id' must be lowercase");
        assertThat(reason(r, 7)).isEqualTo("duplicate profile 'a|gold|' (first on line 1)");
        assertThat(reason(r, 8)).startsWith("invalid JSON");
        assertThat(reason(r, 9)).startsWith("missing weight");
    }

    @Test
    void csvRoundTripKeepsEveryField() throws IOException {
        List<ExposureProfile> profiles = List.of(
                ExposureProfile.newBuilder().setProfileId("mp-materials|ndpr|").setEntityId("mp-materials")
                        .setEntityName("MP Materials").setEntityType("company").setEntityCountry("US").setCommodity("ndpr")
                        .setCountry(null).setWeight(0.6).setRole(ExposureRole.PRODUCER).setRawRole("producer (mine-to-magnet)")
                        .setSource("seed-entities.jsonl line 12, \"defaults\"").build(),
                ExposureProfile.newBuilder().setProfileId("apple|rare_earths|CN").setEntityId("apple")
                        .setEntityName("Apple, Inc.").setEntityType(null).setEntityCountry(null).setCommodity("rare_earths")
                        .setCountry("CN").setWeight(0.25).setRole(ExposureRole.CONSUMER).setRawRole("consumer")
                        .setSource("analyst note 中文").build());
        Path csv = tmp.resolve("round.csv");

        ExposureProfileFile.write(csv, profiles);
        ExposureProfileFile.Result back = ExposureProfileFile.read(csv);

        assertThat(Files.readAllLines(csv).get(0)).isEqualTo(String.join(",", ExposureProfileFile.COLUMNS));
        assertThat(back.rejects()).isEmpty();
        assertThat(back.profiles()).isEqualTo(profiles);
    }

    @Test
    void aRoleThatWouldReadBackDifferentlyIsWrittenCanonically() throws IOException {
        ExposureProfile p = ExposureProfile.newBuilder().setProfileId("x|gold|").setEntityId("x").setEntityName("X")
                .setCommodity("gold").setWeight(0.5).setRole(ExposureRole.CONSUMER).setRawRole("buyer").build();
        Path csv = tmp.resolve("r.csv");
        ExposureProfileFile.write(csv, List.of(p));
        assertThat(ExposureProfileFile.read(csv).profiles().get(0).getRole()).isEqualTo(ExposureRole.CONSUMER);
    }

    @Test
    void aCsvWithoutTheRequiredColumnsIsRefusedAsAWhole() throws IOException {
        Path f = write("bad.csv", "name,commodity,wieght", "A,gold,0.5");
        assertThatThrownBy(() -> ExposureProfileFile.read(f)).isInstanceOf(IOException.class)
                .hasMessageContaining("lacks column(s) entity_name, weight");
    }

    private static String reason(ExposureProfileFile.Result r, int line) {
        return r.rejects().stream().filter(x -> x.line() == line).findFirst().orElseThrow().reason();
    }
}
