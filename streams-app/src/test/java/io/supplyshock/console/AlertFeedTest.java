package io.supplyshock.console;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.Storyline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.supplyshock.console.Alerts.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertFeedTest {

    @Test
    void keepsTheNewestAlertsUpToItsCapNewestFirst() {
        AlertFeed feed = new AlertFeed(3, 10);
        for (int i = 1; i <= 5; i++) feed.add(alert("a" + i, Severity.HIGH, AlertType.SHOCK, "copper", "CL", null, "2025-01-0" + i));

        AlertFeed.Page page = feed.page(AlertFilter.ALL, 0, 10);
        assertThat(page.alerts()).extracting(e -> e.alert().getAlertId()).containsExactly("a5", "a4", "a3");
        assertThat(page.alerts()).extracting(AlertFeed.Entry::sequence).containsExactly(5L, 4L, 3L);
        assertThat(page.latestSequence()).isEqualTo(5);
        assertThat(page.total()).isEqualTo(3);
        assertThat(feed.alert("a1")).as("dropped past the cap").isEmpty();
        assertThat(feed.size()).isEqualTo(3);
    }

    @Test
    void anAlertReadAgainReplacesItsEntryAndKeepsItsSequence() {
        AlertFeed feed = new AlertFeed(10, 10);
        feed.add(alert("a1", Severity.LOW, AlertType.SHOCK, "copper", "CL", null, "2025-01-01"));
        feed.add(alert("a2", Severity.LOW, AlertType.SHOCK, "copper", "CL", null, "2025-01-02"));
        feed.add(alert("a1", Severity.HIGH, AlertType.SHOCK, "copper", "CL", null, "2025-01-01"));

        assertThat(feed.size()).isEqualTo(2);
        assertThat(feed.latestSequence()).isEqualTo(2);
        assertThat(feed.alert("a1")).hasValueSatisfying(e -> {
            assertThat(e.sequence()).isEqualTo(1);
            assertThat(e.alert().getSeverity()).isEqualTo(Severity.HIGH);
        });
    }

    @Test
    void filtersCombineAndTotalCountsEveryMatch() {
        AlertFeed feed = new AlertFeed(100, 10);
        feed.add(alert("re#1", Severity.HIGH, AlertType.SHOCK, "rare_earths", "CN", "group:CN_REE", "2025-10-09"));
        feed.add(alert("re#2", Severity.CRITICAL, AlertType.ESCALATION, "rare_earths", "CN", "group:CN_REE", "2025-11-01"));
        feed.add(alert("cu#1", Severity.LOW, AlertType.SHOCK, "copper", "CL", "story:CL|copper", "2025-03-01"));
        feed.add(alert("gr#1", Severity.MEDIUM, AlertType.PRICE_SPIKE, "graphite", null, null, "2025-04-01"));

        assertThat(ids(feed, Map.of("band", "HIGH,critical"))).containsExactly("re#2", "re#1");
        assertThat(ids(feed, Map.of("type", "shock"))).containsExactly("cu#1", "re#1");
        assertThat(ids(feed, Map.of("commodity", "copper"))).containsExactly("cu#1");
        assertThat(ids(feed, Map.of("country", "us"))).as("a target country matches too").containsExactly("cu#1", "re#2", "re#1");
        assertThat(ids(feed, Map.of("country", "CN", "band", "HIGH"))).containsExactly("re#1");
        assertThat(ids(feed, Map.of("storyline", "group:CN_REE"))).containsExactly("re#2", "re#1");

        AlertFeed.Page page = feed.page(AlertFilter.from(Map.of("commodity", "rare_earths")), 1, 1);
        assertThat(page.total()).isEqualTo(2);
        assertThat(page.alerts()).extracting(e -> e.alert().getAlertId()).containsExactly("re#2");
        assertThat(feed.page(AlertFilter.ALL, 4, 10).alerts()).as("nothing after the newest sequence").isEmpty();

        assertThat(feed.inEventTimeOrder(AlertFilter.from(Map.of("storyline", "group:CN_REE")), 10))
                .extracting(e -> e.alert().getAlertId()).containsExactly("re#1", "re#2");
        assertThatThrownBy(() -> AlertFilter.from(Map.of("band", "SEVERE")))
                .hasMessageContaining("band 'SEVERE' is not one of").hasMessageContaining("CRITICAL");
    }

    @Test
    void aLongPollReturnsWhenAMatchingAlertArrivesAndNotForOthers() throws Exception {
        AlertFeed feed = new AlertFeed(100, 10);
        feed.add(alert("cu#1", Severity.LOW, AlertType.SHOCK, "copper", "CL", null, "2025-03-01"));
        AlertFilter copper = AlertFilter.from(Map.of("commodity", "copper"));
        CompletableFuture<AlertFeed.Page> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return feed.await(copper, 1, 10, Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        feed.add(alert("gr#1", Severity.MEDIUM, AlertType.PRICE_SPIKE, "graphite", null, null, "2025-04-01"));
        Thread.sleep(200);
        assertThat(poll).as("an alert on another commodity does not end the wait").isNotDone();
        feed.add(alert("cu#2", Severity.HIGH, AlertType.ESCALATION, "copper", "CL", null, "2025-03-02"));
        AlertFeed.Page page = poll.get(5, TimeUnit.SECONDS);
        assertThat(page.alerts()).extracting(e -> e.alert().getAlertId()).containsExactly("cu#2");
        assertThat(page.latestSequence()).isEqualTo(3);

        long start = System.nanoTime();
        assertThat(feed.await(copper, 3, 10, Duration.ofMillis(300)).alerts()).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void closingEndsALongPoll() throws Exception {
        AlertFeed feed = new AlertFeed(10, 10);
        CompletableFuture<AlertFeed.Page> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return feed.await(AlertFilter.ALL, 0, 10, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        feed.close();
        assertThat(poll.get(5, TimeUnit.SECONDS).alerts()).isEmpty();
    }

    @Test
    void keepsTheNewestRecordOfEachStorylineUpToItsCap() {
        AlertFeed feed = new AlertFeed(10, 2);
        feed.put("s1", storyline("s1", 1));
        feed.put("s1", storyline("s1", 2));
        feed.put("s2", storyline("s2", 1));
        assertThat(feed.storyline("s1")).hasValueSatisfying(s -> assertThat(s.getAlertCount()).isEqualTo(2));
        feed.put("s3", storyline("s3", 1));
        assertThat(feed.storyline("s2")).as("least recently used goes first").isEmpty();
        assertThat(feed.storyline("s3")).isPresent();
        feed.put("s3", null);
        assertThat(feed.storyline("s3")).as("a tombstone forgets it").isEmpty();
    }

    private static Storyline storyline(String id, long count) {
        return Storyline.newBuilder().setStorylineId(id).setAlertCount(count).setAlerts(List.of()).setCommodities(List.of("copper"))
                .setUpdatedAt(Instant.parse("2026-01-01T00:00:00Z")).build();
    }

    private static List<String> ids(AlertFeed feed, Map<String, String> query) {
        return feed.page(AlertFilter.from(query), 0, 100).alerts().stream().map(AlertFeed.Entry::alert).map(Alert::getAlertId).toList();
    }
}
