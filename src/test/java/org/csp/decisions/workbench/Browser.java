package org.csp.decisions.workbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian's packages (chromium, chromium-driver) driven by Selenium. Skips with a message when
 * they are missing on a developer's machine; in CI (env CI set) their absence fails the test instead.
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target/workbench-screenshots");
    static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    final ChromeDriver driver;
    final String base;
    private final Path profile;

    private Browser(ChromeDriver driver, String base, Path profile) {
        this.driver = driver;
        this.base = base;
        this.profile = profile;
    }

    static Browser start(String base) {
        String chromium = CHROMIUM.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
        String driverPath = DRIVER.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
        if (chromium == null || driverPath == null) {
            String message = "browser tests need Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver); "
                    + "missing: " + (chromium == null ? "chromium " : "") + (driverPath == null ? "chromedriver" : "");
            if (System.getenv("CI") != null) {
                Assertions.fail(message + " - CI is set, so this is a failure, not a skip");
            }
            Assumptions.abort(message);
        }
        try {
            Path profile = Files.createTempDirectory("csp-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium);
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1440,1000", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of(driverPath).toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            Files.createDirectories(SCREENSHOTS);
            return new Browser(driver, base.replaceAll("/$", ""), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void open(String path) {
        driver.get(base + path);
        waitUntil(Duration.ofSeconds(30), () -> "complete".equals(js("return document.readyState")));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebElement waitFor(String css, Duration timeout) {
        return new WebDriverWait(driver, timeout).until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    WebElement waitFor(String css) {
        return waitFor(css, Duration.ofSeconds(30));
    }

    void waitUntil(Duration timeout, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, timeout).until(d -> condition.getAsBoolean());
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Sets an editor's text as if typed (fires input, so highlighting and line numbers update). */
    void setText(WebElement textarea, String text) {
        js("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", textarea, text);
    }

    /** Scrolls so that the element is in the middle of the window (the README's screenshots start at the window). */
    void scrollTo(String css) {
        js("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", css);
    }

    /** A screenshot of the whole page (up to 5,000 px tall) under target/workbench-screenshots. */
    Path screenshot(String name) {
        try {
            Number width = (Number) js("return Math.max(document.documentElement.scrollWidth, 1440)");
            Number height = (Number) js("return Math.min(Math.max(document.documentElement.scrollHeight, 800), 5000)");
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            // The top of the page, as the README shows it (docs/workbench/ holds copies of these).
            Number scrolled = (Number) js("return Math.max(0, Math.min(window.scrollY, document.documentElement.scrollHeight - 1000))");
            Map<String, Object> top = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", scrolled, "width", 1440,
                            "height", Math.min(height.intValue(), 1000), "scale", 0.75)));
            Files.createDirectories(SCREENSHOTS.resolve("top"));
            Files.write(SCREENSHOTS.resolve("top").resolve(name + ".png"), Base64.getDecoder().decode((String) top.get("data")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile
            }
        }
    }
}
