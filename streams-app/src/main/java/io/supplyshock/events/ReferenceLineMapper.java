package io.supplyshock.events;

import io.supplyshock.state.CommodityStates;
import io.supplyshock.schema.MarketEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.supplyshock.schema.DatePrecision;
import io.supplyshock.schema.PartialDate;
import io.supplyshock.schema.Provenance;
import io.supplyshock.topics.Topics;
import org.apache.avro.specific.SpecificRecord;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Turns one line of the producers' JSON Lines format (see sample-data/README.md) into the Avro record
 * of its kind, or into a rejection whose reason names the field and value at fault.
 *
 * <p>The publisher refuses only what it cannot turn into a record: broken JSON, no id, no or unknown
 * kind, no commodity, non-numeric numbers, unparseable dates, repeated ids. Unknown commodities and
 * subtypes are normal (the vocabulary is open and maps them to OTHER); country codes and value
 * ranges are checked by the streams app's ingest stage, which dead-letters with the record in hand.
 *
 * <p>One instance reads one file: it remembers ids to refuse duplicates. Not thread-safe.
 */
public final class ReferenceLineMapper {

    public static final List<String> KNOWN_KINDS =
            List.of("policy", "price", "inventory", "flow", "capacity", "supply_share", "disruption", "other");

    private record Route(String topic, Function<SourceFact, SpecificRecord> build) {
    }

    private static final Route POLICY = new Route(Topics.POLICY_EVENTS, EventRecords::policy);
    private static final Route MARKET = new Route(Topics.MARKET_EVENTS, EventRecords::market);
    private static final Route DISRUPTION = new Route(Topics.DISRUPTION_EVENTS, EventRecords::disruption);

    // Strict where leniency would hide a broken line: a repeated key or trailing text after the object
    // means the line is not what the producer meant to write.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Event time of structural facts: the start of history. */
    public static final Instant STRUCTURAL_TIME = Instant.EPOCH;

    private final UndatedPolicy undatedPolicy;
    private final Instant publishTime;
    private final Map<String, Integer> firstLineOfId = new HashMap<>();

    /**
     * @param publishTime event time given to undated lines under {@link UndatedPolicy#PUBLISH_TIME}
     */
    public ReferenceLineMapper(UndatedPolicy undatedPolicy, Instant publishTime) {
        this.undatedPolicy = Objects.requireNonNull(undatedPolicy, "undatedPolicy");
        this.publishTime = Objects.requireNonNull(publishTime, "publishTime");
    }

    public LineResult map(String line, int lineNumber) {
        return check(line, lineNumber).result();
    }

    /**
     * The line's record, or its rejection with each problem on its own (the field at fault, and the message the
     * rejection's reason repeats), for callers that answer field by field.
     */
    public record Checked(LineResult result, List<FieldProblem> problems) {
        public Checked {
            problems = List.copyOf(problems);
        }
    }

    public Checked check(String line, int lineNumber) {
        if (line == null || line.isBlank()) {
            return rejected(lineNumber, null, new FieldProblem(null, "blank line"));
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return rejected(lineNumber, null, new FieldProblem(null, "invalid JSON at column "
                    + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()) + ": " + e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
            return rejected(lineNumber, null, new FieldProblem(null,
                    "not a JSON object (got " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT)) + ")"));
        }
        FieldReader fields = new FieldReader(node);
        String id = fields.text("id");
        if (id == null) {
            return rejected(lineNumber, null, new FieldProblem("id", "missing or blank 'id'"));
        }
        Integer firstLine = firstLineOfId.putIfAbsent(id, lineNumber);
        if (firstLine != null) {
            return rejected(lineNumber, id, new FieldProblem("id", "duplicate id '" + id + "' (first on line " + firstLine + ")"));
        }
        return mapFields(fields, id, lineNumber);
    }

    private static Checked rejected(int lineNumber, String id, FieldProblem... problems) {
        List<FieldProblem> all = List.of(problems);
        return new Checked(Rejection.of(lineNumber, id, FieldProblem.reason(all)), all);
    }

    private Checked mapFields(FieldReader fields, String id, int lineNumber) {
        String rawKind = fields.text("kind");
        Route route = null;
        if (rawKind == null) {
            fields.problem("kind", "missing 'kind' (known: " + String.join(", ", KNOWN_KINDS) + ")");
        } else {
            route = route(Vocabulary.normalise(rawKind));
            if (route == null) {
                fields.problem("kind", "unknown kind '" + rawKind + "' (known: " + String.join(", ", KNOWN_KINDS) + ")");
            }
        }
        String commodity = Vocabulary.normalise(fields.text("commodity"));
        if (commodity.isEmpty()) {
            fields.problem("commodity", "missing or blank 'commodity'");
        }
        Double value = fields.number("value");
        Double valueMax = fields.number("value_max");
        Double previousValue = fields.number("previous_value");
        PartialDate effective = fields.date("effective_date");
        PartialDate announced = fields.date("announced_date");
        PartialDate reported = fields.date("reported_date");
        PartialDate periodStart = fields.date("period_start");

        // The fact is known when it was announced; without an announcement, by the earliest of the date
        // it took effect and the date it was reported. period_start opens a measuring window and says
        // nothing about when the figure became known.
        PartialDate eventDate = announced != null ? announced : earliest(effective, reported);
        boolean undated = Stream.of("announced_date", "effective_date", "reported_date").allMatch(f -> fields.text(f) == null);
        if (undated && undatedPolicy == UndatedPolicy.REJECT) {
            fields.problem("announced_date", "no date: announced_date, effective_date and reported_date are all empty ("
                    + "publish.undated=" + undatedPolicy.settingValue() + ")");
        }
        if (!fields.problems().isEmpty()) {
            return new Checked(Rejection.of(lineNumber, id, FieldProblem.reason(fields.problems())), fields.problems());
        }
        Instant eventTime = undated ? publishTime : PartialDates.startInstant(eventDate);
        if (undated) {
            eventDate = dayOf(publishTime);
        }
        SourceFact fact = new SourceFact(id, Vocabulary.normalise(rawKind), nullToEmpty(fields.text("subtype")), commodity,
                fields.text("issuer_country"), fields.text("target_country"), value, valueMax, fields.text("unit"),
                fields.text("direction"), previousValue, effective, announced, reported, periodStart, eventDate,
                eventTime, undated, provenance(fields, id));
        SpecificRecord record = route.build().apply(fact);
        if (record instanceof MarketEvent market && CommodityStates.isStructural(market)) {
            // A share or consumption figure without a date of its own is structural knowledge: it holds from the
            // start of the commodity's history, so it is stamped there rather than at its report or publish time.
            market.setEventTime(STRUCTURAL_TIME);
            return new Checked(new LineResult.Mapped(lineNumber, id, route.topic(), commodity, market, STRUCTURAL_TIME, false), List.of());
        }
        return new Checked(new LineResult.Mapped(lineNumber, id, route.topic(), commodity, record, eventTime, undated), List.of());
    }

    private static Route route(String kind) {
        return switch (kind) {
            case "policy" -> POLICY;
            case "price", "inventory", "flow", "capacity", "supply_share", "other" -> MARKET;
            case "disruption" -> DISRUPTION;
            default -> null;
        };
    }

    private static PartialDate earliest(PartialDate a, PartialDate b) {
        if (a == null) return b;
        if (b == null) return a;
        return b.getDate().isBefore(a.getDate()) ? b : a;
    }

    private static Provenance provenance(FieldReader fields, String id) {
        String quote = fields.text("quote");
        return Provenance.newBuilder()
                .setSourceId(id)
                .setGroup(fields.text("group"))
                .setArticle(fields.text("article"))
                .setSourceFile(fields.text("seed_file"))
                .setAlsoIn(fields.textList("also_in"))
                .setQuote(quote)
                .setLanguage(language(quote))
                .setSummary(fields.text("english"))
                .setRelevance(fields.text("relevance"))
                .setDateBasis(fields.text("date_basis"))
                .setEntities(fields.textList("entities"))
                .build();
    }

    /**
     * The producers read Traditional-Chinese financial news (Hong Kong / Taiwan outlets), so Han script
     * in a quote means zh-Hant; anything else is left unknown rather than guessed.
     */
    static String language(String quote) {
        if (quote == null) {
            return null;
        }
        boolean han = quote.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
        return han ? "zh-Hant" : null;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The publish date as a day-precision date: the base of pause windows on undated lines. */
    private static PartialDate dayOf(Instant instant) {
        LocalDate date = instant.atZone(ZoneOffset.UTC).toLocalDate();
        return new PartialDate(date, DatePrecision.DAY, date.toString());
    }
}
