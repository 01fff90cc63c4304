package io.supplyshock.cli;

import io.supplyshock.publish.RejectsFormat;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code FILE [--rejects FILE] [--rejects-format jsonl|csv] [--dry-run]}, shared by the commands that publish a file. */
final class PublishOptions {

    @Parameters(index = "0", paramLabel = "FILE", description = "the file to publish (JSON Lines; the profile commands also read CSV with a header row)")
    Path file;

    @Option(names = "--dry-run", description = "read, map and report without connecting to Kafka")
    boolean dryRun;

    @Option(names = "--rejects", paramLabel = "FILE", description = "write the rejected lines (source, line, id, reason, the line itself up to 1 KB) to FILE")
    Path rejects;

    @Option(names = "--rejects-format", paramLabel = "jsonl|csv", converter = FormatConverter.class, defaultValue = "jsonl",
            description = "format of the rejects report: jsonl (default) or csv")
    RejectsFormat rejectsFormat;

    static final class FormatConverter implements CommandLine.ITypeConverter<RejectsFormat> {
        @Override
        public RejectsFormat convert(String value) {
            try {
                return RejectsFormat.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
