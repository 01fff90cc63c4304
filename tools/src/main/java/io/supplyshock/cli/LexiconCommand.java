package io.supplyshock.cli;

import io.supplyshock.events.Lexicon;
import io.supplyshock.publish.UnmappedWording;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

@Command(name = "lexicon",
        description = {"Checks a producer file against the policy lexicon.",
                "'lexicon unmapped FILE.jsonl' lists the policy subtypes whose wording the lexicon does not read, with counts: "
                        + "the pipeline scores them as unclassified (no shock). Add rows for them to a lexicon file "
                        + "(columns word_or_phrase,role,value,direction,note) and pass it with --lexicon or the setting publish.lexicon.file."})
final class LexiconCommand extends SubCommand {

    @Parameters(index = "0", paramLabel = "unmapped", description = "what to list (only 'unmapped' for now)")
    String what;

    @Parameters(index = "1", paramLabel = "FILE.jsonl", description = "a producer's events file")
    Path file;

    @Option(names = "--lexicon", paramLabel = "FILE",
            description = "a lexicon file laid over the shipped one (default: the setting publish.lexicon.file)")
    Path lexicon;

    @Override
    public Integer call() {
        if (!"unmapped".equals(what)) throw usageError("unknown lexicon command '" + what + "' (expected: unmapped)");
        Path overlay = lexicon != null ? lexicon : LexiconSetting.file(config());
        try {
            Lexicon lex = overlay == null ? Lexicon.shipped() : Lexicon.withOverlay(overlay);
            if (!Files.isReadable(file)) {
                err().println("error: cannot read " + file);
                return 1;
            }
            Map<String, Integer> unmapped = UnmappedWording.in(file, lex);
            unmapped.forEach((subtype, count) -> out().println(count + "\t" + subtype));
            err().println(unmapped.isEmpty() ? "every policy subtype is in the lexicon"
                    : unmapped.size() + " unmapped subtype(s), " + unmapped.values().stream().mapToInt(Integer::intValue).sum() + " line(s)");
            return 0;
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException e) {
            err().println("error: " + e.getMessage());
            return 1;
        }
    }
}
