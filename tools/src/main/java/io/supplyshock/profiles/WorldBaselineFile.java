package io.supplyshock.profiles;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.supplyshock.events.Vocabulary;
import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.ImportSource;
import io.supplyshock.schema.MarketSize;
import io.supplyshock.schema.RegionalDemand;
import io.supplyshock.schema.SupplyShare;
import io.supplyshock.schema.SupplyStage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The world-supply baseline: published supply shares by country and stage, regional consumption and
 * import reliance, world market size, and commodity aliases (see reference-data/README.md). Read from
 * the copy bundled in the jar, from a folder a user supplies, or both (a user's rows replace the
 * shipped rows they repeat), and turned into one {@link CommoditySupplyProfile} per commodity so it
 * travels the same path as any curated profile.
 *
 * <p>A row counts from the start of the year its figure describes ({@code data_year}): a 2023 share
 * is the best knowledge for events from 1 January 2023 on.
 */
public final class WorldBaselineFile {

    public static final String SHARES = "world-supply-shares.csv";
    public static final String DEMAND = "demand.csv";
    public static final String ALIASES = "aliases.csv";
    public static final String BUFFERS = "buffers.csv";
    public static final String TRADE_TOTALS = "trade-totals.csv";
    public static final String TRADE_FLOWS = "trade-flows.csv";
    static final List<String> FILES = List.of(SHARES, DEMAND, ALIASES, BUFFERS, TRADE_TOTALS, TRADE_FLOWS);
    private static final String BUNDLED = "/reference-data/";
    /** Rounding in published tables lets a stage's shares add up to slightly more than 100. */
    private static final double MAX_STAGE_TOTAL_PCT = 101.0;

    private WorldBaselineFile() {
    }

    /** The baseline shipped with the application. */
    public static List<CommoditySupplyProfile> bundled() {
        try {
            return profiles(Tables.bundled(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled world-supply baseline cannot be read", e);
        }
    }

    /**
     * @param folders user folders holding any of the baseline files; their rows are laid over the shipped baseline
     *                unless {@code withBundled} is false
     */
    public static List<CommoditySupplyProfile> read(List<Path> folders, boolean withBundled) throws IOException {
        List<Tables> overlays = new ArrayList<>();
        for (Path folder : folders) overlays.add(Tables.from(folder));
        return profiles(withBundled ? Tables.bundled() : Tables.EMPTY, overlays);
    }

    private record Tables(String origin, Map<String, List<Map<String, String>>> files) {
        static final Tables EMPTY = new Tables("none", Map.of());

        List<Map<String, String>> rows(String file) {
            return files.getOrDefault(file, List.of());
        }

        static Tables bundled() throws IOException {
            Map<String, List<Map<String, String>>> files = new LinkedHashMap<>();
            for (String name : FILES) files.put(name, resource(name));
            return new Tables("bundled baseline", files);
        }

        static Tables from(Path folder) throws IOException {
            if (!Files.isDirectory(folder)) throw new IllegalArgumentException(folder + " is not a folder holding any of " + String.join(", ", FILES));
            Map<String, List<Map<String, String>>> files = new LinkedHashMap<>();
            for (String name : FILES) files.put(name, file(folder.resolve(name)));
            if (files.values().stream().allMatch(List::isEmpty)) {
                throw new IllegalArgumentException(folder + " holds none of " + String.join(", ", FILES));
            }
            return new Tables(folder.toString(), files);
        }

        private static List<Map<String, String>> resource(String name) throws IOException {
            try (InputStream in = WorldBaselineFile.class.getResourceAsStream(BUNDLED + name)) {
                if (in == null) throw new IOException("resource " + BUNDLED + name + " is missing from the jar");
                return csv(in);
            }
        }

        private static List<Map<String, String>> file(Path path) throws IOException {
            if (!Files.exists(path)) return List.of();
            try (InputStream in = Files.newInputStream(path)) {
                return csv(in);
            }
        }

        private static List<Map<String, String>> csv(InputStream in) throws IOException {
            try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                    .with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
                return it.readAll();
            }
        }
    }

    private record ShareKey(String commodity, SupplyStage stage, String country) {
    }

    private record DemandKey(String commodity, String region) {
    }

    private record TradeKey(String sector, String country) {
    }

    private record FlowKey(String sector, String importer, String exporter) {
    }

    private static List<CommoditySupplyProfile> profiles(Tables base, List<Tables> overlays) {
        List<String> problems = new ArrayList<>();
        Map<ShareKey, SupplyShare> shares = new LinkedHashMap<>();
        Map<DemandKey, RegionalDemand> demand = new LinkedHashMap<>();
        Map<String, MarketSize> markets = new TreeMap<>();
        Map<String, Map<String, String>> aliases = new LinkedHashMap<>();
        Map<String, RegionalDemand> buffers = new LinkedHashMap<>();
        Map<TradeKey, Map<String, String>> totals = new LinkedHashMap<>();
        Map<FlowKey, Map<String, String>> flows = new LinkedHashMap<>();
        List<Tables> all = new ArrayList<>();
        all.add(base);
        all.addAll(overlays);
        for (Tables t : all) {
            readRows(t, SHARES, t.rows(SHARES), problems, row -> {
                SupplyShare s = share(row);
                shares.put(new ShareKey(commodity(row), s.getStage(), s.getCountry()), s);
            });
            readRows(t, DEMAND, t.rows(DEMAND), problems, row -> {
                RegionalDemand d = demand(row);
                demand.put(new DemandKey(commodity(row), d.getRegion()), d);
                MarketSize m = market(row, d);
                if (m != null) markets.put(commodity(row), m);
            });
            readRows(t, ALIASES, t.rows(ALIASES), problems, row -> aliases.put(Vocabulary.normalise(required(row, "alias")), row));
            readRows(t, BUFFERS, t.rows(BUFFERS), problems, row -> buffers.put(commodity(row), buffer(row)));
            readRows(t, TRADE_TOTALS, t.rows(TRADE_TOTALS), problems, row -> {
                tradeTotal(row);
                totals.put(new TradeKey(sector(row), country(required(row, "country"))), row);
            });
            readRows(t, TRADE_FLOWS, t.rows(TRADE_FLOWS), problems, row -> {
                number(row, "value_usd");
                yearStart(row);
                required(row, "source");
                flows.put(new FlowKey(sector(row), country(required(row, "importer")), country(required(row, "exporter"))), row);
            });
        }
        Map<TradeKey, RegionalDemand> trade = trade(totals, flows, problems);
        checkStageTotals(shares, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("world-supply baseline: " + problems.size() + " problem(s)\n  " + String.join("\n  ", problems));
        }
        Map<String, CommoditySupplyProfile> profiles = new TreeMap<>();
        Set<String> commodities = new java.util.TreeSet<>();
        shares.keySet().forEach(k -> commodities.add(k.commodity()));
        demand.keySet().forEach(k -> commodities.add(k.commodity()));
        commodities.addAll(markets.keySet());
        commodities.addAll(buffers.keySet());
        trade.keySet().forEach(k -> commodities.add(k.sector()));
        for (String c : commodities) {
            List<SupplyShare> own = shares.entrySet().stream().filter(e -> e.getKey().commodity().equals(c)).map(Map.Entry::getValue).toList();
            List<RegionalDemand> regions = new ArrayList<>(demand.entrySet().stream().filter(e -> e.getKey().commodity().equals(c)).map(Map.Entry::getValue).toList());
            trade.entrySet().stream().filter(e -> e.getKey().sector().equals(c)).map(Map.Entry::getValue).forEach(regions::add);
            if (buffers.containsKey(c)) regions.add(buffers.get(c));
            profiles.put(c, profile(c, own, regions, markets.get(c), "world-supply baseline"));
        }
        for (var e : aliases.entrySet()) {
            String target = Vocabulary.normalise(e.getValue().get("commodity"));
            CommoditySupplyProfile of = profiles.get(target);
            if (of == null) {
                problems.add(ALIASES + ": alias " + e.getKey() + " points to '" + target + "', which has no baseline rows");
                continue;
            }
            Set<SupplyStage> stages = stages(e.getValue().get("stages"), problems);
            List<SupplyShare> kept = of.getShares().stream().filter(s -> stages.isEmpty() || stages.contains(s.getStage())).toList();
            profiles.put(e.getKey(), profile(e.getKey(), kept, of.getDemand(), of.getMarket(), "world-supply baseline (as " + target + ")"));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("world-supply baseline: " + String.join("\n  ", problems));
        }
        return List.copyOf(profiles.values());
    }

    private static CommoditySupplyProfile profile(String commodity, List<SupplyShare> shares, List<RegionalDemand> demand,
                                                  MarketSize market, String source) {
        LocalDate earliest = java.util.stream.Stream.concat(shares.stream().map(SupplyShare::getAsOf), demand.stream().map(RegionalDemand::getAsOf))
                .filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(market == null ? null : market.getAsOf());
        return CommoditySupplyProfile.newBuilder()
                .setCommodity(commodity)
                .setShares(shares)
                .setDemand(demand)
                .setMarket(market)
                .setSource(source)
                .setAsOf(earliest)
                .build();
    }

    private interface RowReader {
        void read(Map<String, String> row);
    }

    private static void readRows(Tables t, String file, List<Map<String, String>> rows, List<String> problems, RowReader reader) {
        for (int i = 0; i < rows.size(); i++) {
            try {
                reader.read(rows.get(i));
            } catch (IllegalArgumentException e) {
                problems.add(t.origin() + " " + file + " line " + (i + 2) + ": " + e.getMessage());
            }
        }
    }

    private static SupplyShare share(Map<String, String> row) {
        double pct = number(row, "share_pct");
        if (pct < 0 || pct > 100) throw new IllegalArgumentException("share_pct must be 0..100, got " + pct);
        return SupplyShare.newBuilder()
                .setCountry(country(required(row, "country")))
                .setStage(stage(required(row, "stage")))
                .setSharePct(pct)
                .setSource(required(row, "source"))
                .setAsOf(yearStart(row))
                .setFromBaseline(true)
                .setEstimate(yes(row.get("estimate")))
                .build();
    }

    private static RegionalDemand demand(Map<String, String> row) {
        Double reliance = optionalNumber(row, "net_import_reliance_pct");
        if (reliance != null && (reliance < -100 || reliance > 100)) {
            throw new IllegalArgumentException("net_import_reliance_pct must be -100..100 (negative: a net exporter), got " + reliance);
        }
        return RegionalDemand.newBuilder()
                .setRegion(required(row, "region").toUpperCase(Locale.ROOT))
                .setAnnualConsumption(optionalNumber(row, "annual_consumption"))
                .setUnit(blankToNull(row.get("unit")))
                .setNetImportReliancePct(reliance)
                .setImportSources(importSources(row.get("main_import_sources")))
                .setSource(required(row, "source"))
                .setAsOf(yearStart(row))
                .setFromBaseline(true)
                .setEstimate(yes(row.get("estimate")))
                .build();
    }

    private static MarketSize market(Map<String, String> row, RegionalDemand d) {
        if (!d.getRegion().equals("WORLD")) return null;
        Double value = optionalNumber(row, "annual_market_value_usd");
        Double price = optionalNumber(row, "reference_price");
        if (value == null && price == null) return null;
        String unit = blankToNull(row.get("reference_price_unit"));
        if (price != null && unit == null) throw new IllegalArgumentException("reference_price needs reference_price_unit");
        return MarketSize.newBuilder().setAnnualValueUsd(value).setReferencePrice(price).setPriceUnit(unit)
                .setSource(d.getSource()).setAsOf(d.getAsOf()).setEstimate(d.getEstimate()).build();
    }

    /** Spare capacity, exporters' stocks or reserves as a WORLD entry of its own, so its provenance stays its own. */
    private static RegionalDemand buffer(Map<String, String> row) {
        double pct = number(row, "buffer_pct");
        if (pct < 0 || pct > 100) throw new IllegalArgumentException("buffer_pct must be 0..100, got " + pct);
        String kind = required(row, "kind").toLowerCase(Locale.ROOT);
        if (!Set.of("spare_capacity", "stocks", "strategic_reserve").contains(kind)) {
            throw new IllegalArgumentException("kind must be spare_capacity, stocks or strategic_reserve, got '" + kind + "'");
        }
        return RegionalDemand.newBuilder().setRegion("WORLD").setBufferPct(pct).setBufferKind(kind)
                .setSource(required(row, "source")).setAsOf(yearStart(row)).setFromBaseline(true).setEstimate(yes(row.get("estimate"))).build();
    }

    private static void tradeTotal(Map<String, String> row) {
        Double imports = optionalNumber(row, "imports_usd");
        Double exports = optionalNumber(row, "exports_usd");
        if (imports == null && exports == null) throw new IllegalArgumentException("a trade total needs imports_usd or exports_usd");
        if (imports != null && imports <= 0 || exports != null && exports <= 0) throw new IllegalArgumentException("trade totals must be positive");
        yearStart(row);
        required(row, "source");
    }

    /**
     * One entry per sector and country from the trade baseline: the country's imports and exports, and its partners'
     * shares of them. A flow is divided by the importer's total imports (which must be given) and, where it is
     * given, by the exporter's total exports, so a measure between two economies can be weighed from both sides.
     */
    private static Map<TradeKey, RegionalDemand> trade(Map<TradeKey, Map<String, String>> totals, Map<FlowKey, Map<String, String>> flows,
                                                      List<String> problems) {
        Map<TradeKey, List<ImportSource>> sources = new LinkedHashMap<>();
        Map<TradeKey, List<ImportSource>> destinations = new LinkedHashMap<>();
        for (var f : flows.entrySet()) {
            FlowKey k = f.getKey();
            double value = number(f.getValue(), "value_usd");
            Double imports = Optional.ofNullable(totals.get(new TradeKey(k.sector(), k.importer()))).map(r -> optionalNumber(r, "imports_usd")).orElse(null);
            if (imports == null) {
                problems.add(TRADE_FLOWS + ": " + k.sector() + " " + k.exporter() + " -> " + k.importer() + " needs the imports_usd of "
                        + k.importer() + " in " + TRADE_TOTALS);
                continue;
            }
            if (value > imports * 1.01) {
                problems.add(TRADE_FLOWS + ": " + k.sector() + " " + k.exporter() + " -> " + k.importer() + " is larger than " + k.importer() + "'s imports");
                continue;
            }
            sources.computeIfAbsent(new TradeKey(k.sector(), k.importer()), x -> new ArrayList<>())
                    .add(ImportSource.newBuilder().setCountry(k.exporter()).setSharePct(round1(100 * value / imports)).build());
            Optional.ofNullable(totals.get(new TradeKey(k.sector(), k.exporter()))).map(r -> optionalNumber(r, "exports_usd"))
                    .filter(exports -> value <= exports * 1.01)
                    .ifPresent(exports -> destinations.computeIfAbsent(new TradeKey(k.sector(), k.exporter()), x -> new ArrayList<>())
                            .add(ImportSource.newBuilder().setCountry(k.importer()).setSharePct(round1(100 * value / exports)).build()));
        }
        Map<TradeKey, RegionalDemand> out = new LinkedHashMap<>();
        totals.forEach((k, row) -> out.put(k, RegionalDemand.newBuilder().setRegion(k.country())
                .setAnnualImportsUsd(optionalNumber(row, "imports_usd")).setAnnualExportsUsd(optionalNumber(row, "exports_usd"))
                .setImportSources(sorted(sources.getOrDefault(k, List.of()))).setExportDestinations(sorted(destinations.getOrDefault(k, List.of())))
                .setUnit("usd").setSource("trade baseline: " + required(row, "source")).setAsOf(yearStart(row))
                .setFromBaseline(true).setEstimate(yes(row.get("estimate"))).build()));
        return out;
    }

    private static List<ImportSource> sorted(List<ImportSource> partners) {
        return partners.stream().sorted(Comparator.comparingDouble(ImportSource::getSharePct).reversed()).toList();
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String sector(Map<String, String> row) {
        return Vocabulary.normalise(required(row, "sector"));
    }

    /** "CN:70;MY:13" into import sources; shares are percent of the region's imports. */
    static List<ImportSource> importSources(String raw) {
        if (raw == null || raw.isBlank()) return List.of();
        List<ImportSource> out = new ArrayList<>();
        double total = 0;
        for (String part : raw.split(";")) {
            String[] kv = part.trim().split(":");
            if (kv.length != 2) throw new IllegalArgumentException("main_import_sources must look like 'CN:70;JP:10', got '" + raw + "'");
            double pct = parse(kv[1].trim(), "main_import_sources");
            total += pct;
            out.add(ImportSource.newBuilder().setCountry(country(kv[0])).setSharePct(pct).build());
        }
        if (total > MAX_STAGE_TOTAL_PCT) throw new IllegalArgumentException("main_import_sources add up to " + total + "% (more than 100)");
        return out;
    }

    private static void checkStageTotals(Map<ShareKey, SupplyShare> shares, List<String> problems) {
        Map<String, Double> totals = shares.entrySet().stream().collect(Collectors.groupingBy(
                e -> e.getKey().commodity() + " " + e.getKey().stage(), TreeMap::new, Collectors.summingDouble(e -> e.getValue().getSharePct())));
        totals.forEach((k, total) -> {
            if (total > MAX_STAGE_TOTAL_PCT) problems.add(SHARES + ": " + k + " shares add up to " + String.format(Locale.ROOT, "%.1f", total) + "%");
        });
    }

    private static Set<SupplyStage> stages(String raw, List<String> problems) {
        if (raw == null || raw.isBlank()) return Set.of();
        return java.util.Arrays.stream(raw.split("[;|]")).map(String::trim).filter(s -> !s.isEmpty()).map(s -> {
            try {
                return stage(s);
            } catch (IllegalArgumentException e) {
                problems.add(ALIASES + ": " + e.getMessage());
                return SupplyStage.OTHER;
            }
        }).collect(Collectors.toSet());
    }

    private static SupplyStage stage(String raw) {
        try {
            return SupplyStage.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stage must be one of MINE, PROCESSING, REFINED, MAGNET, MANUFACTURING, DESIGN, EXPORTS, got '" + raw + "'");
        }
    }

    private static String commodity(Map<String, String> row) {
        return Vocabulary.normalise(required(row, "commodity"));
    }

    private static String country(String raw) {
        String c = raw.trim().toUpperCase(Locale.ROOT);
        if (!c.matches("[A-Z]{2}")) throw new IllegalArgumentException("country must be an ISO 3166 alpha-2 code, got '" + raw + "'");
        return c;
    }

    private static LocalDate yearStart(Map<String, String> row) {
        String raw = required(row, "data_year");
        if (!raw.matches("\\d{4}")) throw new IllegalArgumentException("data_year must be a year like 2023, got '" + raw + "'");
        return LocalDate.of(Integer.parseInt(raw), 1, 1);
    }

    private static String required(Map<String, String> row, String column) {
        String v = row.get(column);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("missing " + column);
        return v.trim();
    }

    private static double number(Map<String, String> row, String column) {
        return parse(required(row, column), column);
    }

    private static Double optionalNumber(Map<String, String> row, String column) {
        String v = row.get(column);
        return v == null || v.isBlank() ? null : parse(v.trim(), column);
    }

    private static double parse(String raw, String column) {
        try {
            return Double.parseDouble(raw.replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " must be a number, got '" + raw + "'");
        }
    }

    private static boolean yes(String raw) {
        return raw != null && raw.trim().equalsIgnoreCase("yes");
    }

    private static String blankToNull(String raw) {
        return raw == null || raw.isBlank() ? null : raw.trim();
    }

    /** For callers that need a lookup by commodity. */
    public static Map<String, CommoditySupplyProfile> byCommodity(List<CommoditySupplyProfile> profiles) {
        return profiles.stream().collect(Collectors.toMap(CommoditySupplyProfile::getCommodity, Function.identity()));
    }
}
