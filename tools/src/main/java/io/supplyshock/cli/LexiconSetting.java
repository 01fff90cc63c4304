package io.supplyshock.cli;

import io.supplyshock.config.AppConfig;

import java.nio.file.Path;

/** The setting publish.lexicon.file: a user's lexicon laid over the shipped one; empty for none. */
final class LexiconSetting {

    private LexiconSetting() {
    }

    static Path file(AppConfig config) {
        String raw = config.get(AppConfig.LEXICON_FILE);
        return raw == null || raw.isBlank() ? null : Path.of(raw.strip());
    }
}
