package io.supplyshock.profiles;

import io.supplyshock.events.Rejection;
import io.supplyshock.cli.Cli;
import io.supplyshock.publish.ReferenceFiles;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SeedEntityConverterTest {

    @TempDir
    Path tmp;

    private final SeedEntityConverter converter = new SeedEntityConverter();

    @Test
    void mpMaterialsBecomesAProducerOfItsThreeCommodities() throws IOException {
        SeedEntityConverter.Conversion c = converter.convert(ReferenceFiles.seedEntities());
        List<ExposureProfile> mp = c.profiles().stream().filter(p -> p.getEntityName().equals("MP Materials")).toList();

        assertThat(mp).extracting(ExposureProfile::getCommodity).containsExactlyInAnyOrder("rare_earths", "ndpr", "rare_earth_magnets");
        assertThat(mp).allSatisfy(p -> {
            assertThat(p.getEntityId()).isEqualTo("mp-materials");
            assertThat(p.getRole()).isEqualTo(ExposureRole.PRODUCER);
            assertThat(p.getWeight()).isEqualTo(0.6);
            assertThat(p.getCountry()).isNull();
            assertThat(p.getEntityCountry()).isEqualTo("US");
            assertThat(p.getProfileId()).isEqualTo("mp-materials|" + p.getCommodity() + "|");
        });
    }

    @Test
    void everyLineIsAccountedFor() throws IOException {
        SeedEntityConverter.Conversion c = converter.convert(ReferenceFiles.seedEntities());

        assertThat(c.totalLines()).isEqualTo(183);
        assertThat(c.outcomes()).hasSize(183 - c.blankLines());
        assertThat(c.convertedLines() + c.skipped().size() + c.blankLines()).isEqualTo(183);
        assertThat(c.outcomes().stream().filter(o -> !o.skipped()).mapToInt(SeedEntityConverter.LineOutcome::profiles).sum())
                .isEqualTo(c.profiles().size());
        assertThat(c.skipped()).allSatisfy(s -> assertThat(s.reason()).isNotBlank());
        assertThat(c.skipped()).extracting(Rejection::reason)
                .anySatisfy(r -> assertThat(r).contains("'analyst'").contains("only observes"));
        assertThat(c.profiles()).extracting(ExposureProfile::getProfileId).doesNotHaveDuplicates();
        assertThat(c.profiles()).allSatisfy(p -> assertThat(EntityIds.isValid(p.getEntityId())).isTrue());
    }

    @Test
    void skipsObserversAndEntitiesWithoutCommoditiesAndDisambiguatesSlugs() throws IOException {
        Path f = tmp.resolve("entities.jsonl");
        Files.writeString(f, String.join("\n",
                "{\"name\": \"S&P Global\", \"type\": \"company\", \"country\": \"US\", \"commodities\": [\"silver\"], \"role\": \"price reporting agency\"}",
                "{\"name\": \"Acme Mining\", \"type\": \"company\", \"country\": \"au\", \"commodities\": [], \"role\": \"producer\"}",
                "",
                "{\"name\": \"Acme Mining\", \"type\": \"company\", \"commodities\": [\"Copper\", \"copper\"], \"role\": \"producer\"}",
                "{\"name\": \"ACME mining!\", \"commodities\": [\"copper\"], \"role\": \"consumer\"}",
                "not json",
                "{\"name\": \"中國商務部\", \"commodities\": [\"gallium\"], \"role\": \"regulator\"}") + "\n", StandardCharsets.UTF_8);

        SeedEntityConverter.Conversion c = converter.convert(f);

        assertThat(c.totalLines()).isEqualTo(7);
        assertThat(c.blankLines()).isEqualTo(1);
        assertThat(c.skipped()).extracting(Rejection::line).containsExactly(1, 2, 6);
        assertThat(c.skipped().get(1).reason()).isEqualTo("no commodities listed");
        assertThat(c.profiles()).extracting(ExposureProfile::getProfileId)
                .containsExactly("acme-mining|copper|", "acme-mining-2|copper|", "entity-7|gallium|");
        assertThat(c.profiles().get(1).getRole()).isEqualTo(ExposureRole.CONSUMER);
        assertThat(c.profiles().get(1).getWeight()).isEqualTo(0.8);
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("'ACME mining!'").contains("acme-mining-2"));
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("entity-7"));
    }

    @Test
    void writtenProfilesReadBackInTheUserFormat() throws IOException {
        SeedEntityConverter.Conversion c = converter.convert(ReferenceFiles.seedEntities());
        Path out = tmp.resolve("profiles.jsonl");
        c.write(out);

        ExposureProfileFile.Result back = ExposureProfileFile.read(out);
        assertThat(back.rejects()).isEmpty();
        assertThat(back.profiles()).isEqualTo(c.profiles());
    }

    @Test
    void convertCliWritesTheFileAndListsSkippedLines() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path target = tmp.resolve("p.jsonl");
        int code = Cli.run("convert-entities", new String[]{ReferenceFiles.seedEntities().toString(), "--out", target.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isZero();
        assertThat(target).exists();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("183 lines: ").contains("written to");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("skipped line");
        assertThat(Cli.run("convert-entities", new String[]{ReferenceFiles.seedEntities().toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
    }
}
