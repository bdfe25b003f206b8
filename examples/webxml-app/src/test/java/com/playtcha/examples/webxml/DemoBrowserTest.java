package com.playtcha.examples.webxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo as a person uses it, in a real headless Chromium: mint, submit, read the outcome, switch
 * Playtcha to an outage, submit again, and see the fail-open signup go through while the
 * fail-closed payment is refused, the circuit breaker open and the ledger holding what went through;
 * then switch Playtcha back to normal and see the breaker stay open for its cool-down (saying so),
 * go half-open, and close on the next verify, while the ledger empties.
 *
 * <p>It drives Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them),
 * given by path so that Selenium Manager downloads nothing; Chromium's own background traffic is
 * switched off, so nothing leaves loopback. Where they are not installed the test is skipped.
 */
class DemoBrowserTest {

    /** Debian's paths; {@code -Dchromium=...} and {@code -Dchromedriver=...} point elsewhere. */
    static final Path CHROMIUM = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"));

    /**
     * Selenium 4.38 ships CDP bindings up to an older Chromium and warns at every start that it has
     * none for Debian's; this test uses WebDriver classic only, so the warning says nothing here.
     * Held here so the configured loggers are not collected.
     */
    private static final List<Logger> QUIET = Stream.of("org.openqa.selenium.devtools.CdpVersionFinder",
            "org.openqa.selenium.chromium.ChromiumDriver").map(Logger::getLogger).peek(l -> l.setLevel(Level.SEVERE)).toList();

    private WebxmlDemo demo;
    private WebDriver browser;
    private Path profile;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "DemoBrowserTest skipped: needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "); apt-get install -y chromium chromium-driver, as .ci/run does");
        demo = WebxmlDemo.start(0);
        profile = Files.createTempDirectory("demo-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (demo != null) {
                demo.close();
            }
            if (profile != null) {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        }
    }

    @Test
    void mintSubmitRead_thenOutage_signupFailsOpen_paymentFailsClosed_breakerOpens_thenClosesAfterItsCoolDown() throws Exception {
        browser.get(demo.url().toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));

        click("mint-valid");
        wait.until(ExpectedConditions.textToBe(By.id("minted"), "Minted three valid tokens."));
        submitAll(wait);
        assertEquals("accepted", frameDecision("signup-frame"));
        assertEquals("verified", frameAttribute("signup-frame", "com.playtcha.outcome"));
        assertEquals("accepted", frameDecision("payment-frame"));
        assertEquals("verified", frameAttribute("payment-frame", "com.playtcha.outcome"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ajax-result"), "\"outcome\": \"verified\""));

        click("state-outage");
        wait.until(ExpectedConditions.textToBe(By.id("state"), "outage"));
        click("mint-valid");
        wait.until(d -> d.findElement(By.id("minted")).getText().startsWith("Minted") && !tokensUnchanged(d));
        submitAll(wait);
        assertEquals("accepted", frameDecision("signup-frame"));
        assertEquals("true", frameAttribute("signup-frame", "com.playtcha.failed-open"));
        assertEquals("db_error", frameAttribute("signup-frame", "com.playtcha.error-code"));
        assertEquals("blocked 503", frameDecision("payment-frame"));
        assertEquals("unavailable", frameAttribute("payment-frame", "com.playtcha.outcome"));

        // Three unavailable verifies in a row (the demo's breaker.failures): the breaker opens, and
        // the signup and the AJAX contact that failed open wait in the ledger. On a loaded machine the page may first
        // be read after the 5 s cool-down (half-open, which only an open breaker becomes); the next steps show it.
        String opened = wait.until(d -> {
            String state = d.findElement(By.id("breaker")).getAttribute("data-state");
            return "open".equals(state) || "half-open".equals(state) ? state : null;
        });
        if (opened.equals("open")) {
            assertTrue(text("breaker-detail").contains("circuit_open"), text("breaker-detail"));
        }
        wait.until(ExpectedConditions.attributeToBe(By.id("ledger"), "data-open", "2"));

        click("state-normal");
        wait.until(ExpectedConditions.textToBe(By.id("state"), "normal"));
        // While the cool-down lasts the page says the breaker cannot know yet, and when it ends; on a loaded machine
        // the page may first be read after it ended (half-open), which the next steps then show.
        String coolingDown = wait.until(d -> {
            String detail = text("breaker-detail");
            return detail.contains("cannot know that yet")
                    || "half-open".equals(d.findElement(By.id("breaker")).getAttribute("data-state")) ? detail : null;
        });
        if (coolingDown.contains("cannot know that yet")) {
            Matcher wait5s = Pattern.compile("ends in \u2264 ([0-9]+) s").matcher(coolingDown);
            assertTrue(wait5s.find() && Integer.parseInt(wait5s.group(1)) <= 5, coolingDown);
            screenshot("demo-browser-test-cooling-down.png");
        }

        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.attributeToBe(By.id("breaker"), "data-state", "half-open"));
        assertTrue(text("breaker-detail").contains("probe"), text("breaker-detail"));
        click("mint-valid");
        wait.until(d -> d.findElement(By.id("minted")).getText().startsWith("Minted") && !tokensUnchanged(d));
        submitSignup(wait); // one verify: the probe (the three at once would race for the one probe slot)
        assertEquals("accepted", frameDecision("signup-frame"));
        assertEquals("verified", frameAttribute("signup-frame", "com.playtcha.outcome"));
        wait.until(ExpectedConditions.attributeToBe(By.id("breaker"), "data-state", "closed"));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(By.id("ledger"), "data-open", "0"));

        screenshot("demo-browser-test.png");
    }

    private void screenshot(String name) throws IOException {
        Path screenshot = Path.of("target", name);
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
    }

    private String lastTokens = "";

    /** True while the token inputs still hold the tokens of the last submit (minting is asynchronous). */
    private boolean tokensUnchanged(WebDriver d) {
        return d.findElement(By.id("signup-token")).getAttribute("value").equals(lastTokens);
    }

    private void submitAll(WebDriverWait wait) {
        lastTokens = browser.findElement(By.id("signup-token")).getAttribute("value");
        String signupLoads = loads("signup-frame");
        String paymentLoads = loads("payment-frame");
        String ajaxReplies = browser.findElement(By.id("ajax-result")).getAttribute("data-replies");
        click("submit-both");
        wait.until(d -> !loads("signup-frame").equals(signupLoads) && !loads("payment-frame").equals(paymentLoads)
                && !d.findElement(By.id("ajax-result")).getAttribute("data-replies").equals(ajaxReplies));
    }

    private void submitSignup(WebDriverWait wait) {
        lastTokens = browser.findElement(By.id("signup-token")).getAttribute("value");
        String signupLoads = loads("signup-frame");
        browser.findElement(By.cssSelector("#signup-form button[type=submit]")).click();
        wait.until(d -> !loads("signup-frame").equals(signupLoads));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private String loads(String frame) {
        return browser.findElement(By.id(frame)).getAttribute("data-loads");
    }

    private void click(String id) {
        browser.findElement(By.id(id)).click();
    }

    private String frameDecision(String frame) {
        browser.switchTo().frame(frame);
        try {
            return browser.findElement(By.id("decision")).getText();
        } finally {
            browser.switchTo().defaultContent();
        }
    }

    private String frameAttribute(String frame, String name) {
        browser.switchTo().frame(frame);
        try {
            return browser.findElement(By.cssSelector("td[data-name='" + name + "']")).getText();
        } finally {
            browser.switchTo().defaultContent();
        }
    }
}
