package io.supplyshock.profiles;

import io.supplyshock.events.Vocabulary;
import io.supplyshock.events.PartialDates;
import io.supplyshock.events.Rejection;
import io.supplyshock.publish.SourceLine;
import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.PartialDate;
import io.supplyshock.schema.SupplyShare;
import io.supplyshock.schema.SupplyStage;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Curated commodity supply profiles: rows {@code commodity,country,stage,share_pct,source,as_of}
 * (CSV with header, or JSON Lines with those keys), grouped into one {@link CommoditySupplyProfile}
 * per commodity, because the compacted topic keeps the latest record per commodity: a file states a
 * commodity's whole profile, not single shares.
 *
 * <p>stage is a {@link SupplyStage} name or a word the vocabulary maps (mine, processing, refining...);
 * share_pct is 0..100; as_of is a date like the events' (YYYY, YYYY-MM or YYYY-MM-DD).
 */
public final class CommoditySupplyProfileFile {

    public static final List<String> COLUMNS = List.of("commodity", "country", "stage", "share_pct", "source", "as_of");
    private static final List<String> REQUIRED = List.of("commodity", "country", "stage", "share_pct");

    /** One commodity's profile with the rows it was built from. */
    public record Group(CommoditySupplyProfile profile, List<SourceLine> lines) {
    }

    /** @param totalLines as for {@link ExposureProfileFile.Result}: rows in groups + rejects + blank */
    public record Result(int totalLines, int blankLines, List<Group> groups, List<Rejection> rejects) {
        public List<CommoditySupplyProfile> profiles() {
            return groups.stream().map(Group::profile).toList();
        }
    }

    private CommoditySupplyProfileFile() {
    }

    public static Result read(Path file) throws IOException {
        TableFile.Contents contents = TableFile.read(file, COLUMNS, REQUIRED);
        List<Rejection> rejects = new ArrayList<>(contents.unreadable());
        Map<String, List<Share>> byCommodity = new LinkedHashMap<>();
        Map<String, Integer> firstLineOfShare = new HashMap<>();
        for (TableFile.Row row : contents.rows()) {
            List<String> problems = new ArrayList<>();
            Share share = share(row, problems);
            if (share == null) {
                rejects.add(Rejection.of(row.line(), row.get("commodity"), String.join("; ", problems)));
                continue;
            }
            String key = share.commodity + "|" + share.value.getCountry() + "|" + share.value.getStage() + "|" + share.value.getAsOf();
            Integer first = firstLineOfShare.putIfAbsent(key, row.line());
            if (first != null) {
                rejects.add(Rejection.of(row.line(), share.commodity, "duplicate share for " + share.value.getCountry() + " "
                        + share.value.getStage() + (share.value.getAsOf() == null ? "" : " as of " + share.value.getAsOf())
                        + " (first on line " + first + ")"));
                continue;
            }
            byCommodity.computeIfAbsent(share.commodity, c -> new ArrayList<>()).add(share);
        }
        List<Group> groups = byCommodity.entrySet().stream().map(e -> group(e.getKey(), e.getValue())).toList();
        return new Result(contents.totalLines(), contents.blankLines(), groups, rejects);
    }

    private record Share(int line, String commodity, SupplyShare value) {
    }

    private static Share share(TableFile.Row row, List<String> problems) {
        String commodity = Vocabulary.normalise(row.get("commodity"));
        if (commodity.isEmpty()) {
            problems.add("missing commodity");
        }
        String country = ExposureProfileFile.countryCode(row.get("country"));
        if (country == null) {
            problems.add("missing country");
        }
        SupplyStage stage = stage(row.get("stage"), problems);
        Double pct = sharePct(row.get("share_pct"), problems);
        PartialDate asOf = null;
        try {
            asOf = PartialDates.parse(row.get("as_of"));
        } catch (IllegalArgumentException e) {
            problems.add("as_of: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new Share(row.line(), commodity, SupplyShare.newBuilder()
                .setCountry(country)
                .setStage(stage)
                .setSharePct(pct)
                .setSource(row.get("source"))
                .setAsOf(asOf == null ? null : asOf.getDate())
                .build());
    }

    private static SupplyStage stage(String raw, List<String> problems) {
        if (raw == null) {
            problems.add("missing stage (one of " + Arrays.toString(SupplyStage.values()) + " or a word like 'mining')");
            return null;
        }
        String upper = raw.toUpperCase(Locale.ROOT);
        for (SupplyStage s : SupplyStage.values()) {
            if (s.name().equals(upper)) {
                return s;
            }
        }
        return Vocabulary.stage(raw); // open vocabulary: an unknown word is OTHER, not an error
    }

    private static Double sharePct(String raw, List<String> problems) {
        if (raw == null) {
            problems.add("missing share_pct (a number from 0 to 100)");
            return null;
        }
        try {
            double pct = Double.parseDouble(raw);
            if (pct >= 0 && pct <= 100) {
                return pct;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add("share_pct '" + raw + "' is not a number from 0 to 100");
        return null;
    }

    /** The profile's as-of is its newest row's; its source lists the rows' distinct sources. */
    private static Group group(String commodity, List<Share> shares) {
        LocalDate asOf = shares.stream().map(s -> s.value.getAsOf()).filter(d -> d != null).max(LocalDate::compareTo).orElse(null);
        Set<String> sources = new LinkedHashSet<>();
        shares.forEach(s -> {
            if (s.value.getSource() != null) {
                sources.add(s.value.getSource());
            }
        });
        CommoditySupplyProfile profile = CommoditySupplyProfile.newBuilder()
                .setCommodity(commodity)
                .setShares(shares.stream().map(Share::value).toList())
                .setSource(sources.isEmpty() ? null : String.join("; ", sources))
                .setAsOf(asOf)
                .build();
        return new Group(profile, shares.stream().map(s -> new SourceLine(s.line, commodity)).toList());
    }
}
