package io.supplyshock.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The analyst console in a headless Chromium: Debian's {@code chromium} driven through Debian's {@code chromedriver},
 * never a browser a tool downloads (this machine has no route to one). Used by the browser test and by the command
 * that makes the README's screenshots, so both see the page the same way.
 */
public final class ConsoleBrowser implements AutoCloseable {

    /** Every wait on the page ends: a console that never loads fails the test, it does not hang it. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path profile;
    private final String baseUrl;

    private ConsoleBrowser(ChromeDriver driver, Path profile, String baseUrl) {
        this.driver = driver;
        this.profile = profile;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** A headless browser of the given window size on the console at {@code baseUrl} (e.g. http://127.0.0.1:8080). */
    public static ConsoleBrowser open(String baseUrl, int width, int height) throws IOException {
        Path chromium = program("SUPPLYSHOCK_CHROMIUM", "chromium", "chromium");
        Path chromedriver = program("SUPPLYSHOCK_CHROMEDRIVER", "chromedriver", "chromium-driver");
        Path profile = Files.createTempDirectory("supplyshock-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // The background-networking flags matter here: without them Chromium keeps calling home, and a closed
        // network refuses those connections many at a time.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        options.setPageLoadTimeout(WAIT);
        options.setScriptTimeout(Duration.ofSeconds(10));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withTimeout(WAIT)
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
        return new ConsoleBrowser(driver, profile, baseUrl);
    }

    /** An external program, from an environment variable or the PATH; a missing one says how to install it. */
    static Path program(String variable, String name, String debianPackage) {
        String set = System.getenv(variable);
        if (set != null && !set.isBlank()) {
            Path p = Path.of(set);
            if (Files.isExecutable(p)) return p;
            throw new IllegalStateException(variable + "=" + set + " is not an executable file");
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) return candidate;
        }
        throw new IllegalStateException(name + " is not installed; install Debian's package with: sudo apt-get install -y "
                + debianPackage + "   (.ci/run does this on CI), or set " + variable + " to its path");
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens a view of the console, e.g. {@code "#/feed"}. */
    public void go(String hashRoute) {
        driver.get(baseUrl + "/" + hashRoute);
    }

    /** Signs in with a token (empty for an app without one) on the console's login form. */
    public void login(String token) {
        go("");
        WebElement field = waitFor(By.id("token"));
        field.clear();
        field.sendKeys(token);
        driver.findElement(By.id("login")).click();
    }

    /** Waits until the page says it has loaded the named view ({@code body[data-view]}, no {@code data-loading}). */
    public void waitForView(String view) {
        new WebDriverWait(driver, WAIT).withMessage(() -> "view '" + view + "' did not load within " + WAIT + "; the page shows "
                        + driver.getCurrentUrl() + ": " + bodyText())
                .until(d -> view.equals(script("return document.body.dataset.view || ''"))
                        && Boolean.FALSE.equals(script("return document.body.hasAttribute('data-loading')")));
    }

    public WebElement waitFor(By locator) {
        return new WebDriverWait(driver, WAIT).withMessage(() -> locator + " did not appear; the page shows: " + bodyText())
                .until(d -> {
                    List<WebElement> found = d.findElements(locator);
                    return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
                });
    }

    public List<WebElement> all(By locator) {
        return driver.findElements(locator);
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    public String bodyText() {
        String text = driver.findElement(By.tagName("body")).getText();
        return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }

    /** The visible page as a PNG. */
    public void screenshot(Path png) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
