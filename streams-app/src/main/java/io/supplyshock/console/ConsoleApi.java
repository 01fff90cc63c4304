package io.supplyshock.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.supplyshock.query.AvroJson;
import io.supplyshock.query.HttpApi;
import io.supplyshock.query.HttpApi.Response;
import io.supplyshock.query.StateQueries;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.ExplanationInput;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;

/**
 * The console's JSON endpoints, on the app's HTTP server behind its token: the alert feed with filters and long
 * polling, an alert with its evidence, a storyline's alerts, and the alerts that reach an entity.
 */
public final class ConsoleApi {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int MAX_WAIT_SECONDS = 30;
    /** Long polls held at once; more are answered at once, so that they never take every request thread. */
    static final int MAX_LONG_POLLS = HttpApi.THREADS / 2;
    /** Related alerts and a storyline's alerts listed on one page. */
    static final int MAX_RELATED = 50;
    static final int MAX_STORYLINE_ALERTS = 500;
    /** Profiles read to pick an alert's most exposed entities: the named ones first, then by weight. */
    static final int EXPOSED_SCAN = 1000;

    private final AlertFeed feed;
    private final int topN;
    private final Semaphore longPolls = new Semaphore(MAX_LONG_POLLS);

    private ConsoleApi(AlertFeed feed, int topN) {
        this.feed = feed;
        this.topN = topN;
    }

    /** Adds the console's endpoints and static files to the app's server. */
    public static void register(HttpApi api, AlertFeed feed, int topN) {
        ConsoleApi console = new ConsoleApi(feed, topN);
        api.register("/api/alerts", console::alerts);
        api.register("/api/storylines/", console::storyline);
        api.register("/api/entities/", console::entityAlerts);
        StaticFiles.register(api);
    }

    private Response alerts(HttpApi.Request request) throws Exception {
        String path = request.path();
        if (path.equals("/api/alerts") || path.equals("/api/alerts/")) return feedPage(request.query());
        if (!path.startsWith("/api/alerts/")) return HttpApi.error(404, "no such endpoint: " + path);
        return alert(request, path.substring("/api/alerts/".length()));
    }

    private Response feedPage(Map<String, String> query) throws InterruptedException {
        AlertFilter filter;
        long after;
        int limit;
        int wait;
        try {
            filter = AlertFilter.from(query);
            after = Long.parseLong(query.getOrDefault("after", "0"));
            limit = Integer.parseInt(query.getOrDefault("limit", String.valueOf(DEFAULT_LIMIT)));
            wait = Integer.parseInt(query.getOrDefault("wait", "0"));
        } catch (NumberFormatException e) {
            return HttpApi.error(400, "after, limit and wait must be whole numbers");
        } catch (IllegalArgumentException e) {
            return HttpApi.error(400, e.getMessage());
        }
        if (after < 0 || limit < 1 || limit > MAX_LIMIT || wait < 0 || wait > MAX_WAIT_SECONDS) {
            return HttpApi.error(400, "after must be >= 0, limit 1.." + MAX_LIMIT + " and wait 0.." + MAX_WAIT_SECONDS + " (seconds)");
        }
        AlertFeed.Page page;
        boolean busy = false;
        if (wait > 0 && longPolls.tryAcquire()) {
            try {
                page = feed.await(filter, after, limit, Duration.ofSeconds(wait));
            } finally {
                longPolls.release();
            }
        } else {
            busy = wait > 0;
            page = feed.page(filter, after, limit);
        }
        ObjectNode body = AvroJson.MAPPER.createObjectNode();
        ArrayNode alerts = body.putArray("alerts");
        page.alerts().forEach(e -> alerts.add(json(e)));
        body.put("latestSequence", page.latestSequence());
        body.put("total", page.total());
        body.put("caughtUp", page.caughtUp());
        Response response = new Response(200, body);
        // Too many long polls held already: answered at once; the client waits a moment before asking again.
        return busy ? response.with("Retry-After", "1") : response;
    }

    private Response alert(HttpApi.Request request, String alertId) throws Exception {
        var found = feed.alert(alertId);
        if (found.isEmpty()) return HttpApi.error(404, "no alert '" + alertId + "' in the console's feed (it keeps the newest " + "alerts up to console.feed.max.alerts)");
        AlertFeed.Entry entry = found.get();
        Alert alert = entry.alert();
        Response routed = request.withExposed(alert.getCommodity(), 0, EXPOSED_SCAN, page -> new Response(200, detail(entry, exposed(alert, page))));
        if (routed.status() == 200) return routed;
        // The profiles cannot be read now (rebalancing, no profiles for the commodity): the evidence is still served.
        ObjectNode fallback = AvroJson.MAPPER.createObjectNode();
        fallback.put("total", alert.getAffectedEntityCount() == null ? alert.getAffectedEntities().size() : alert.getAffectedEntityCount());
        ArrayNode rows = fallback.putArray("entities");
        // An alert names its entities by name; without the profiles there is no id to link them to.
        alert.getAffectedEntities().forEach(name -> rows.addObject().put("entityName", name).put("named", true));
        fallback.put("note", routed.body().path("error").asText("exposure profiles unavailable"));
        return new Response(200, detail(entry, fallback));
    }

    private ObjectNode detail(AlertFeed.Entry entry, JsonNode exposed) {
        Alert alert = entry.alert();
        ObjectNode body = AvroJson.MAPPER.createObjectNode();
        body.set("alert", json(entry));
        String supersedes = alert.getSupersedesAlertId();
        body.set("supersedes", supersedes == null ? null : feed.alert(supersedes).map(ConsoleApi::json).orElse(null));
        Set<String> relatedIds = new LinkedHashSet<>();
        if (alert.getRelatedAlertIds() != null) relatedIds.addAll(alert.getRelatedAlertIds());
        if (alert.getStorylineId() != null) {
            feed.inEventTimeOrder(a -> alert.getStorylineId().equals(a.getStorylineId()), MAX_RELATED)
                    .forEach(e -> relatedIds.add(e.alert().getAlertId()));
        }
        relatedIds.remove(alert.getAlertId());
        ArrayNode related = body.putArray("related");
        relatedIds.stream().limit(MAX_RELATED).forEach(id -> feed.alert(id).ifPresentOrElse(e -> related.add(json(e)),
                () -> related.addObject().put("alertId", id).put("inFeed", false)));
        List<String> sources = alert.getExplanation().getSourceEventIds();
        ArrayNode inputs = body.putArray("inputs");
        for (ExplanationInput in : alert.getExplanation().getInputs()) {
            ObjectNode row = inputs.addObject().put("name", in.getName()).put("value", in.getValue()).put("factor", in.getFactor());
            row.put("rule", in.getNote());
            row.set("provenance", Provenance.of(in, sources));
        }
        body.put("summary", alert.getExplanation().getSummary());
        body.put("quote", alert.getExplanation().getQuote());
        body.put("sourceSummary", alert.getExplanation().getSourceSummary());
        body.set("sourceEventIds", AvroJson.toJson(sources));
        body.set("exposed", exposed);
        return body;
    }

    /** The alert's top N exposed entities: the ones it names (by entity name) first, in its order, then the heaviest others. */
    private JsonNode exposed(Alert alert, StateQueries.ExposedPage page) {
        List<String> named = alert.getAffectedEntities();
        List<ExposureProfile> profiles = new ArrayList<>(page.profiles());
        profiles.sort(Comparator.comparingInt((ExposureProfile p) -> named.contains(p.getEntityName()) ? named.indexOf(p.getEntityName()) : Integer.MAX_VALUE)
                .thenComparing(Comparator.comparingDouble(ExposureProfile::getWeight).reversed())
                .thenComparing(ExposureProfile::getEntityId));
        ObjectNode out = AvroJson.MAPPER.createObjectNode();
        out.put("total", page.total());
        ArrayNode rows = out.putArray("entities");
        Set<String> seen = new TreeSet<>();
        for (ExposureProfile p : profiles) {
            if (rows.size() >= topN) break;
            if (!seen.add(p.getEntityId())) continue;
            ObjectNode row = (ObjectNode) AvroJson.toJson(p);
            row.put("named", named.contains(p.getEntityName()));
            rows.add(row);
        }
        return out;
    }

    private Response storyline(HttpApi.Request request) {
        String id = request.path().substring("/api/storylines/".length());
        if (id.isEmpty()) return HttpApi.error(400, "give a storyline id: /api/storylines/{id}, URL-encoded");
        var record = feed.storyline(id);
        List<AlertFeed.Entry> alerts = feed.inEventTimeOrder(a -> id.equals(a.getStorylineId()), MAX_STORYLINE_ALERTS);
        if (record.isEmpty() && alerts.isEmpty()) return HttpApi.error(404, "no storyline '" + id + "' in the console's feed");
        ObjectNode body = AvroJson.MAPPER.createObjectNode();
        body.put("storylineId", id);
        body.set("storyline", record.map(AvroJson::toJson).orElse(null));
        ArrayNode list = body.putArray("alerts");
        alerts.forEach(e -> list.add(json(e)));
        return new Response(200, body);
    }

    private Response entityAlerts(HttpApi.Request request) throws Exception {
        String rest = request.path().substring("/api/entities/".length());
        if (!rest.endsWith("/alerts")) return HttpApi.error(404, "no such endpoint: " + request.path() + " (try /api/entities/{entityId}/alerts)");
        String entity = rest.substring(0, rest.length() - "/alerts".length());
        if (!HttpApi.ENTITY_ID.matcher(entity).matches()) return HttpApi.error(400, "entity id must match " + HttpApi.ENTITY_ID.pattern() + ", e.g. mp-materials");
        int limit;
        try {
            limit = Integer.parseInt(request.query().getOrDefault("limit", String.valueOf(DEFAULT_LIMIT)));
        } catch (NumberFormatException e) {
            return HttpApi.error(400, "limit must be a whole number");
        }
        if (limit < 1 || limit > MAX_LIMIT) return HttpApi.error(400, "limit must be 1.." + MAX_LIMIT);
        return request.withExposures(entity, rows -> {
            if (rows.isEmpty()) return HttpApi.error(404, "no exposure rows for entity '" + entity + "'");
            Set<String> commodities = new TreeSet<>();
            rows.forEach(r -> commodities.add(r.getCommodity()));
            AlertFeed.Page page = feed.page(a -> commodities.contains(a.getCommodity()), 0, limit);
            ObjectNode body = AvroJson.MAPPER.createObjectNode();
            body.put("entityId", entity);
            body.put("entityName", rows.get(0).getEntityName());
            body.set("commodities", AvroJson.toJson(commodities));
            body.put("maxShockScore", rows.stream().mapToInt(ExposureRow::getShockScore).max().orElse(0));
            body.set("rows", AvroJson.toJson(rows));
            ArrayNode alerts = body.putArray("alerts");
            page.alerts().forEach(e -> alerts.add(json(e)));
            body.put("total", page.total());
            return new Response(200, body);
        });
    }

    static ObjectNode json(AlertFeed.Entry entry) {
        ObjectNode node = (ObjectNode) AvroJson.toJson(entry.alert());
        node.put("sequence", entry.sequence());
        return node;
    }
}
