package io.supplyshock.it;

import io.supplyshock.StreamsApp;
import io.supplyshock.browser.ConsoleBrowser;
import io.supplyshock.config.AppConfig;
import io.supplyshock.publish.JsonlPublisher;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.testing.RealStack;
import io.supplyshock.testing.RealStackExtension;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.tools.ProcessingProgress;
import io.supplyshock.tools.TopicReader;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analyst console in a real (headless) Chromium, on the app after the reference replay: what an analyst sees
 * must be what the topics hold. A failing test leaves a screenshot under {@code target/browser-failures/}.
 */
@ExtendWith(RealStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String TOKEN = "console-it-token";
    private static final long ADMIN_TIMEOUT_S = 30;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    /** The DRC mines about three quarters of the world's cobalt: a ban on every destination must weigh. */
    private static final String COBALT_BAN = """
            {"id":"what-if-it-1","kind":"policy","subtype":"export_ban","issuer_country":"CD","target_country":null,"commodity":"cobalt",\
            "announced_date":"2026-03-02","effective_date":"2026-03-02","english":"DRC bans every cobalt export to every destination",\
            "group":"WHAT_IF_IT"}""";

    private AppConfig config;
    private StreamsApp app;
    private ConsoleBrowser browser;
    private List<Alert> alerts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    final TestWatcher screenshotOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser == null) return;
            try {
                browser.screenshot(Path.of("target", "browser-failures", context.getRequiredTestMethod().getName() + ".png"));
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
    };

    @BeforeAll
    void replayTheReferenceAndOpenABrowser(RealStack stack) throws Exception {
        Path work = Files.createTempDirectory("supplyshock-console-it");
        config = stack.appConfig("supplyshock-console-it", work)
                .with(AppConfig.HTTP_AUTH_TOKEN.key(), TOKEN)
                .with(AppConfig.SIGNAL_CLOCK.key(), "event-time");
        RealStack.createTopicsAndPublishSeedProfiles(config, work);
        app = new StreamsApp(config).start();
        new JsonlPublisher(config, JsonlPublisher.Options.defaults(), System.err).publish(ReferenceData.seedEventsFile());
        assertThat(ProcessingProgress.waitUntilProcessed(config, WAIT, System.out)).as("records still in flight after the replay").isZero();
        alerts = TopicReader.<Alert>readAll(config, Topics.ALERTS, Duration.ofSeconds(20)).stream().map(ConsumerRecord::value).toList();
        assertThat(alerts).as("alerts of the reference replay").hasSizeGreaterThan(10);
        awaitFeedHolds(alerts.size());
        browser = ConsoleBrowser.open("http://127.0.0.1:" + port(), 1280, 800);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) browser.close();
        } finally {
            if (app != null) app.close();
        }
    }

    @BeforeEach
    void desktopWidth() {
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1280, 800));
    }

    @Test
    void aWrongTokenGetsTheLoginError() {
        browser.driver().manage().deleteAllCookies();
        browser.go("");
        browser.script("window.sessionStorage.clear(); window.localStorage.clear();");
        browser.login("not-the-token");
        WebElement error = browser.waitFor(By.id("login-error"));
        assertThat(error.getText()).containsIgnoringCase("token");
        assertThat(browser.all(By.cssSelector("tr.alert-row"))).as("no alert is shown without the right token").isEmpty();
    }

    @Test
    void theFeedListsAsManyAlertsAsTheTopicHoldsNewestFirst() {
        openFeed();
        List<WebElement> rows = browser.all(By.cssSelector("#feed tr.alert-row"));
        assertThat(rows).hasSize(alerts.size());
        assertThat(browser.driver().findElement(By.id("feed-count")).getText()).contains(String.valueOf(alerts.size()));
        List<String> shown = rows.stream().map(r -> r.getAttribute("data-alert-id")).toList();
        assertThat(shown).containsExactlyInAnyOrderElementsOf(alerts.stream().map(Alert::getAlertId).toList());
    }

    @Test
    void aBandFilterKeepsOnlyThatBand() {
        openFeed();
        String band = alerts.stream().collect(Collectors.groupingBy(a -> a.getSeverity().name(), Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        long expected = alerts.stream().filter(a -> a.getSeverity().name().equals(band)).count();
        new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("filter-band"))).selectByValue(band);
        new WebDriverWait(browser.driver(), ConsoleBrowser.WAIT).withMessage(() -> "filter on " + band + ": " + browser.bodyText())
                .until(d -> d.findElements(By.cssSelector("#feed tr.alert-row")).size() == expected);
    }

    @Test
    void anAlertShowsEveryInputWithItsRuleAndProvenance() {
        openFeed();
        Alert alert = alerts.stream().filter(a -> a.getAlertId().equals(firstRowId())).findFirst().orElseThrow();
        browser.driver().findElement(By.cssSelector("#feed tr.alert-row a.alert-link")).click();
        browser.waitForView("alert");
        assertThat(browser.driver().findElement(By.id("alert-score")).getText()).contains(String.valueOf(alert.getScore()));
        assertThat(browser.driver().findElement(By.id("alert-band")).getText()).containsIgnoringCase(alert.getSeverity().name());
        List<WebElement> inputs = browser.all(By.cssSelector("#alert-inputs tr.input-row"));
        assertThat(inputs).hasSize(alert.getExplanation().getInputs().size());
        for (int i = 0; i < inputs.size(); i++) {
            var expected = alert.getExplanation().getInputs().get(i);
            WebElement row = inputs.get(i);
            assertThat(row.findElement(By.cssSelector("td.input-name")).getText()).contains(expected.getName());
            assertThat(row.findElement(By.cssSelector("td.input-value")).getText()).contains(expected.getValue());
            assertThat(Double.parseDouble(row.findElement(By.cssSelector("td.input-factor")).getText().trim())).isCloseTo(expected.getFactor(),
                    org.assertj.core.data.Offset.offset(0.0005));
            if (expected.getNote() != null) assertThat(row.findElement(By.cssSelector("td.input-rule")).getText()).isNotBlank();
        }
        String provenance = browser.all(By.cssSelector("#alert-inputs td.input-provenance")).stream().map(WebElement::getText)
                .collect(Collectors.joining(" ")) + " " + browser.driver().findElement(By.id("alert")).getText();
        assertThat(provenance).contains(alert.getExplanation().getSourceEventIds().getFirst());
    }

    @Test
    void anInputFromTheWorldBaselineNamesItsPublicationAndYear() {
        java.util.regex.Pattern citation = java.util.regex.Pattern.compile(", as of (\\d{4})(, estimate)?\\)");
        Alert cited = alerts.stream().filter(a -> a.getExplanation().getInputs().stream()
                .anyMatch(in -> in.getNote() != null && citation.matcher(in.getNote()).find())).findFirst().orElseThrow();
        String year = cited.getExplanation().getInputs().stream().filter(in -> in.getNote() != null)
                .map(in -> citation.matcher(in.getNote())).filter(java.util.regex.Matcher::find).findFirst().orElseThrow().group(1);
        openFeed();
        browser.driver().findElement(By.cssSelector("#feed tr.alert-row[data-alert-id='" + cited.getAlertId() + "'] a.alert-link")).click();
        browser.waitForView("alert");
        assertThat(browser.all(By.cssSelector("#alert-inputs td.input-provenance .prov.baseline")).stream().map(WebElement::getText))
                .as("baseline provenance of " + cited.getAlertId()).anySatisfy(text -> assertThat(text).contains(", " + year).hasSizeGreaterThan(10));
    }

    @Test
    void fromTheFeedToAnAlertsEvidenceAndItsExposedEntitiesInThreeClicksByKeyboard() {
        openFeed();
        Alert reaching = alerts.stream().filter(a -> !a.getAffectedEntities().isEmpty())
                .max(Comparator.comparingInt(Alert::getScore)).orElseThrow();
        // Click 1: the filter narrows the feed to the alert's commodity; the keyboard opens the first row.
        WebElement commodityFilter = browser.driver().findElement(By.id("filter-commodity"));
        selectOrType(commodityFilter, reaching.getCommodity());
        new WebDriverWait(browser.driver(), ConsoleBrowser.WAIT).until(d -> d.findElements(By.cssSelector("#feed tr.alert-row")).stream()
                .allMatch(r -> r.getText().contains(reaching.getCommodity())));
        WebElement link = browser.driver().findElement(By.cssSelector("#feed tr.alert-row[data-alert-id='" + reaching.getAlertId() + "'] a.alert-link"));
        link.sendKeys(Keys.ENTER);
        browser.waitForView("alert");
        assertThat(browser.all(By.cssSelector("#alert-inputs tr.input-row"))).isNotEmpty();
        List<WebElement> exposed = browser.all(By.cssSelector("#alert-exposed tr.entity-row a.entity-link"));
        assertThat(exposed).isNotEmpty();
        assertThat(exposed.getFirst().getText()).as("the entity the alert names first leads its exposed entities")
                .isEqualTo(reaching.getAffectedEntities().getFirst());
        String entity = exposed.getFirst().getText();
        exposed.getFirst().click();
        browser.waitForView("entity");
        assertThat(browser.all(By.cssSelector("#entity-rows tr"))).isNotEmpty();
        assertThat(browser.driver().findElement(By.tagName("body")).getText()).contains(entity);
    }

    @Test
    void aStorylineShowsItsAlertsInTimeOrder() {
        Map.Entry<String, List<Alert>> longest = alerts.stream().filter(a -> a.getStorylineId() != null)
                .collect(Collectors.groupingBy(Alert::getStorylineId)).entrySet().stream()
                .max(Comparator.comparingInt(e -> e.getValue().size())).orElseThrow();
        assertThat(longest.getValue()).as("a storyline of the replay with several alerts").hasSizeGreaterThan(1);
        openFeed();
        browser.go("#/storyline/" + URLEncoder.encode(longest.getKey(), StandardCharsets.UTF_8));
        browser.waitForView("storyline");
        List<String> shown = browser.all(By.cssSelector("#storyline .timeline-item")).stream().map(e -> e.getAttribute("data-alert-id")).toList();
        List<String> expected = longest.getValue().stream()
                .sorted(Comparator.comparing(Alert::getEventTime).thenComparing(Alert::getDetectedAt).thenComparing(Alert::getAlertId))
                .map(Alert::getAlertId).toList();
        assertThat(shown).containsExactlyInAnyOrderElementsOf(expected);
        List<Instant> times = shown.stream().map(id -> alerts.stream().filter(a -> a.getAlertId().equals(id)).findFirst().orElseThrow().getEventTime()).toList();
        assertThat(times).isSorted();
    }

    @Test
    void aCommodityPageDrawsItsSupplySharesChart() throws Exception {
        CommodityState state = TopicReader.<CommodityState>readAll(config, Topics.COMMODITY_STATE, Duration.ofSeconds(20)).stream()
                .map(ConsumerRecord::value).filter(s -> s != null && s.getCommodity().equals("rare_earths"))
                .reduce((a, b) -> b).orElseThrow();
        openFeed();
        browser.go("#/commodity/rare_earths");
        browser.waitForView("commodity");
        assertThat(browser.all(By.cssSelector("#commodity-shares svg rect"))).hasSize(state.getSupplyShares().size());
        assertThat(browser.driver().findElement(By.id("commodity-observations")).isDisplayed()).isTrue();
    }

    @Test
    void aWhatIfReturnsAScoreAndLeavesTheTopicsUntouched() throws Exception {
        Map<String, Long> before = settledEndOffsets();
        openFeed();
        browser.go("#/what-if");
        browser.waitForView("what-if");
        WebElement input = browser.driver().findElement(By.id("whatif-input"));
        input.clear();
        input.sendKeys(hypotheticalBan());
        browser.driver().findElement(By.id("whatif-run")).click();
        WebElement score = browser.waitFor(By.cssSelector("#whatif-result .whatif-score"));
        assertThat(Integer.parseInt(score.getText().replaceAll("[^0-9]", ""))).isBetween(0, 100);
        assertThat(browser.driver().findElement(By.cssSelector("#whatif-result .whatif-band")).getText()).isNotBlank();
        assertThat(settledEndOffsets()).as("end offsets of every topic after the what-if").isEqualTo(before);
    }

    @Test
    void theFeedIsReadableAtPhoneWidth() {
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        openFeed();
        assertThat(browser.all(By.cssSelector("#feed tr.alert-row"))).hasSize(alerts.size());
        Number overflow = (Number) browser.script("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(overflow.intValue()).as("horizontal overflow at 390 px").isLessThanOrEqualTo(0);
    }

    private void openFeed() {
        browser.login(TOKEN);
        browser.waitForView("feed");
    }

    private String firstRowId() {
        return browser.driver().findElement(By.cssSelector("#feed tr.alert-row")).getAttribute("data-alert-id");
    }

    private static void selectOrType(WebElement control, String value) {
        if (control.getTagName().equalsIgnoreCase("select")) {
            new org.openqa.selenium.support.ui.Select(control).selectByValue(value);
        } else {
            control.clear();
            control.sendKeys(value, Keys.TAB);
        }
    }

    /** An export ban on every destination, after the replay's last event, in the publisher's own JSON Lines format. */
    private static String hypotheticalBan() {
        return """
                {"id": "whatif-ban", "kind": "policy", "subtype": "export_ban", "issuer_country": "CN", "target_country": null, \
                "commodity": "gallium", "effective_date": "2026-12-01", "announced_date": "2026-11-20", "reported_date": "2026-11", \
                "entities": [], "article": "what-if", "english": "Hypothetical: a ban on every gallium export"}""";
    }

    private int port() {
        return config.getInt(AppConfig.HTTP_PORT);
    }

    /** The console reads the alerts topic on its own; the browser opens once that copy holds what the topic does. */
    private void awaitFeedHolds(int count) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/api/alerts?limit=1"))
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200 && new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("total").asInt() == count) return;
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new AssertionError("the console's feed did not reach " + count + " alerts within " + WAIT + "; last answer: " + last);
    }

    @Test
    void theWhatIfApiScoresABanAndLeavesEveryTopicAndStoreAsItWas() throws Exception {
        List<String> queried = List.of("/api/commodities/cobalt", "/api/exposed/cobalt?limit=1000");
        Map<String, Long> offsetsBefore = settledEndOffsets();
        Map<String, String> storesBefore = answers(queried);

        HttpResponse<String> r = await(() -> {
            HttpResponse<String> answer = post("/api/what-if", "{\"events\":[" + COBALT_BAN + "]}");
            return answer.statusCode() == 503 ? null : answer;
        }, "a what-if answer");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(r.body()).path("results").get(0);
        assertThat(result.path("eventId").asText()).isEqualTo("what-if-it-1");
        assertThat(result.path("commodity").asText()).isEqualTo("cobalt");
        JsonNode shock = result.path("shocks").get(0);
        assertThat(shock.path("score").asInt()).as(r.body()).isPositive();
        assertThat(shock.path("severity").asText()).as("the DRC mines about three quarters of the world's cobalt").isIn("HIGH", "CRITICAL");
        assertThat(result.path("reason").asText()).isNotBlank();
        assertThat(result.path("exposure").path("count").asInt()).isPositive();

        String entity = result.path("exposure").path("top").get(0).path("entityId").asText();
        List<String> withEntity = List.of(queried.get(0), queried.get(1), "/api/exposures/" + entity);
        Map<String, String> storesAfter = answers(withEntity);
        assertThat(storesAfter.entrySet()).containsAll(storesBefore.entrySet());
        assertThat(settledEndOffsets()).as("no topic written by the what-if").isEqualTo(offsetsBefore);

        // Asked twice, the same answer: the first left nothing behind that the second would see.
        HttpResponse<String> again = post("/api/what-if", "{\"events\":[" + COBALT_BAN + "]}");
        assertThat(JSON.readTree(again.body()).path("results").get(0).path("reason").asText()).isEqualTo(result.path("reason").asText());
        assertThat(answers(withEntity)).isEqualTo(storesAfter);
        assertThat(settledEndOffsets()).isEqualTo(offsetsBefore);
    }

    /** The end offsets of every topic but the broker's and registry's own, once two reads a few seconds apart agree. */
    private Map<String, Long> settledEndOffsets() throws Exception {
        Map<String, Long> previous = endOffsets();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(3000);
            Map<String, Long> now = endOffsets();
            if (now.equals(previous)) return now;
            previous = now;
        }
        throw new AssertionError("topic end offsets still moving after " + WAIT.toSeconds() + " s");
    }

    private Map<String, Long> endOffsets() throws Exception {
        try (Admin admin = Admin.create(config.clientConfig())) {
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(false).timeoutMs((int) TimeUnit.SECONDS.toMillis(ADMIN_TIMEOUT_S)))
                    .names().get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS).stream().filter(t -> !t.startsWith("_")).collect(Collectors.toSet());
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            described.values().forEach(d -> d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            Map<String, Long> offsets = new TreeMap<>();
            admin.listOffsets(latest).all().get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS)
                    .forEach((tp, info) -> offsets.put(tp.toString(), info.offset()));
            assertThat(offsets.keySet()).as("the app's changelogs and repartitions are listed")
                    .anyMatch(t -> t.startsWith("supplyshock-console-it-") && t.contains("-changelog-"))
                    .anyMatch(t -> t.startsWith("supplyshock-console-it-") && t.contains("-repartition-"));
            return offsets;
        }
    }

    private Map<String, String> answers(List<String> paths) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String path : paths) {
            HttpResponse<String> r = await(() -> {
                HttpResponse<String> answer = get(path);
                return answer.statusCode() == 503 ? null : answer;
            }, path);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            out.put(path, r.body());
        }
        return out;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + config.get(AppConfig.HTTP_PORT) + path);
    }

    private interface Attempt<T> {
        T get() throws Exception;
    }

    private static <T> T await(Attempt<T> attempt, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            T value = attempt.get();
            if (value != null) return value;
            Thread.sleep(500);
        }
        throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s");
    }
}
