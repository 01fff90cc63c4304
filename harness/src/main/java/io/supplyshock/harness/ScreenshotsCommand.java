package io.supplyshock.harness;

import io.supplyshock.browser.ConsoleBrowser;
import io.supplyshock.cli.SubCommand;
import io.supplyshock.config.AppConfig;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The README's two pictures of the console (the feed and one alert's evidence), taken in Debian's headless chromium
 * from a running app: after {@code scripts/demo.sh} they show the demo's own data.
 */
@Command(name = "console-screenshots",
        description = {"Saves screenshots of the analyst console of a running app: the feed (console-feed.png) and the "
                + "evidence of the highest-scoring shock, a policy or disruption (console-alert.png). Needs Debian's chromium and chromium-driver."},
        footer = "Exit status: 0 saved; 1 the console did not load or the browser failed; 2 bad arguments.")
final class ScreenshotsCommand extends SubCommand {

    @Option(names = "--url", paramLabel = "URL", description = "the app's console (default: http://127.0.0.1:<http.port>)")
    String url;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "docs/images", description = "where the PNG files go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--width", defaultValue = "1280", description = "window width in pixels (default: ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--height", defaultValue = "800", description = "window height in pixels (default: ${DEFAULT-VALUE})")
    int height;

    @Override
    public Integer call() throws Exception {
        if (width < 320 || height < 320) throw usageError("--width and --height must be at least 320");
        String base = url != null ? url : "http://127.0.0.1:" + config().getInt(AppConfig.HTTP_PORT);
        try (ConsoleBrowser browser = ConsoleBrowser.open(base, width, height)) {
            browser.login(config().get(AppConfig.HTTP_AUTH_TOKEN));
            browser.waitForView("feed");
            Path feed = out.resolve("console-feed.png");
            browser.screenshot(feed);
            out().println("saved " + feed);
            List<WebElement> rows = browser.all(By.cssSelector("#feed tr.alert-row"));
            if (rows.isEmpty()) {
                err().println("the feed is empty: run scripts/demo.sh first, so the console has alerts to show");
                return 1;
            }
            // A shock shows the model at its fullest (a quote, supply at risk, exposure); any alert does when none is a shock.
            List<WebElement> shocks = rows.stream().filter(r -> "SHOCK".equals(r.getAttribute("data-type"))).toList();
            WebElement strongest = (shocks.isEmpty() ? rows : shocks).stream().max(Comparator.comparingInt(ScreenshotsCommand::score)).orElseThrow();
            strongest.findElement(By.cssSelector("a.alert-link")).click();
            browser.waitForView("alert");
            // The whole alert page, evidence and exposed entities included, not only what fits above the fold.
            long pageHeight = ((Number) browser.script("return document.documentElement.scrollHeight")).longValue();
            browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(width, (int) Math.min(2400, Math.max(height, pageHeight + 140))));
            Path alert = out.resolve("console-alert.png");
            browser.screenshot(alert);
            out().println("saved " + alert);
            return 0;
        }
    }

    /** The score a feed row carries ({@code data-score}). */
    private static int score(WebElement row) {
        String score = row.getAttribute("data-score");
        return score == null || score.isBlank() ? 0 : Integer.parseInt(score.trim());
    }
}
