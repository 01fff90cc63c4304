package io.supplyshock.console;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.Explanation;
import io.supplyshock.schema.ExplanationInput;
import io.supplyshock.schema.Severity;

import java.time.Instant;
import java.util.List;

/** Alerts as the pipeline writes them, for the console's tests. */
final class Alerts {

    private Alerts() {
    }

    static Alert alert(String id, Severity severity, AlertType type, String commodity, String issuer, String storyline, String day) {
        return Alert.newBuilder()
                .setAlertId(id)
                .setAlertType(type)
                .setSeverity(severity)
                .setScore(severity.ordinal() * 20 + 5)
                .setDedupKey(id.contains("#") ? id.substring(0, id.lastIndexOf('#')) : id)
                .setCommodity(commodity)
                .setIssuerCountry(issuer)
                .setCountries(issuer == null ? List.of() : List.of(issuer, "US"))
                .setInstrument("EXPORT_LICENCE")
                // Entity names, as the exposure stage writes them (not ids).
                .setAffectedEntities(List.of("MP Materials"))
                .setEventTime(Instant.parse(day + "T00:00:00Z"))
                .setDetectedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .setExplanation(Explanation.newBuilder()
                        .setSummary(issuer + " export licence on " + commodity)
                        .setInputs(List.of(
                                ExplanationInput.newBuilder().setName("stringency").setValue("licence").setFactor(0.6).setNote("instrument table").build(),
                                ExplanationInput.newBuilder().setName("issuer_share").setValue("92% PROCESSING (e47, as of 2023-01-01)")
                                        .setFactor(0.92).setNote("newest share valid on the event date").build(),
                                ExplanationInput.newBuilder().setName("buffer").setValue("40 days")
                                        .setFactor(0.8).setNote("what can reach the market within months (USGS MCS 2025, as of 2024, estimate)").build()))
                        .setSourceEventIds(List.of("e1", "e47"))
                        .setQuote("自12月1日起")
                        .setSourceSummary("China requires an export licence")
                        .build())
                .setStorylineId(storyline)
                .build();
    }
}
