package io.supplyshock.cli;

import io.supplyshock.profiles.SeedEntityConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

@Command(name = "convert-entities",
        description = {"Derives default exposure profiles (one per entity and commodity, weight by role) from a "
                + "seed-entities file and writes them in the user format, to review and edit before "
                + "publishing."},
        footer = "Exit status: 0 written; 1 input unreadable or output unwritable; 2 bad arguments.")
final class ConvertEntitiesCommand extends SubCommand {

    @Parameters(index = "0", paramLabel = "SEED_ENTITIES.jsonl", description = "the seed entities, one JSON object per line")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "FILE.jsonl|FILE.csv",
            description = "where to write the profiles; the extension picks the format")
    Path output;

    @Override
    public Integer call() throws IOException {
        PrintStream out = out();
        PrintStream err = err();
        if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
            err.println("error: cannot read " + input + ": " + (Files.exists(input) ? "not a readable file" : "no such file"));
            return Cli.FAILURE;
        }
        SeedEntityConverter.Conversion conversion = new SeedEntityConverter().convert(input);
        conversion.write(output);
        conversion.skipped().forEach(s -> err.println("skipped line " + s.line()
                + (s.id() == null ? "" : " (" + s.id() + ")") + ": " + s.reason()));
        conversion.notes().forEach(n -> err.println("note: " + n));
        out.println(conversion.summary() + "; written to " + output);
        return Cli.OK;
    }
}
