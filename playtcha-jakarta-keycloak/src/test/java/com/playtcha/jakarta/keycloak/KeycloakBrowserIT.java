package com.playtcha.jakarta.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The login page of the realm {@code after-failures} in a real headless Chromium, on the run's one Keycloak
 * ({@link SharedKeycloak}): no widget at first; three wrong passwords, and the page of the third failure shows it; then a
 * token in the widget's field, put there as the widget would (the server's widget is the test's own,
 * {@link SharedKeycloak#WIDGET}, a form field the vendor's script would fill), and the right password logs in.
 *
 * <p>It drives Debian's {@code chromium} and {@code chromium-driver} as examples/webxml-app's {@code DemoBrowserTest}
 * does (by path, so Selenium Manager downloads nothing; Chromium's background traffic off); where they are not
 * installed the class is skipped before any server starts.
 */
@ExtendWith(SharedKeycloak.class)
@EnabledIf(value = "chromiumInstalled", disabledReason = "needs Debian's chromium and chromium-driver (/usr/bin/chromium, "
        + "/usr/bin/chromedriver; -Dchromium=... -Dchromedriver=...): apt-get install -y chromium chromium-driver, as .ci/run does")
class KeycloakBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"));
    /** Selenium warns at each start that it has no CDP bindings for Debian's Chromium; WebDriver classic needs none. */
    private static final List<Logger> QUIET = Stream.of("org.openqa.selenium.devtools.CdpVersionFinder",
            "org.openqa.selenium.chromium.ChromiumDriver").map(Logger::getLogger).peek(l -> l.setLevel(Level.SEVERE)).toList();

    private static PlaytchaSimulator playtcha;
    private static URI keycloak;

    private WebDriver browser;
    private Path profile;

    static boolean chromiumInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    @BeforeAll
    static void start(SharedKeycloak.Running running) {
        playtcha = running.playtcha();
        keycloak = running.keycloak().url();
    }

    @BeforeEach
    void open() throws Exception {
        profile = Files.createTempDirectory("keycloak-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1200,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void close() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void afterFailures_theWidgetAppearsWithTheThirdFailure_andATokenLogsIn() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofMinutes(1));
        browser.get(keycloak.resolve("/realms/after-failures/protocol/openid-connect/auth?client_id=app&response_type=code"
                + "&scope=openid&redirect_uri=" + URLEncoder.encode(Browser.CALLBACK, StandardCharsets.UTF_8)).toString());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));
        assertEquals(0, widgets(), "no failure yet: no widget");

        for (int failure = 1; failure <= 3; failure++) {
            logIn(wait, "alice", "wrong-password");
            assertTrue(browser.getPageSource().contains("Invalid username or password"), "failure " + failure + " is Keycloak's");
            assertEquals(failure == 3 ? 1 : 0, widgets(), "the widget from the third failure's page on, not at failure " + failure);
        }

        String token = playtcha.mintToken();
        ((JavascriptExecutor) browser).executeScript("document.getElementById('playtcha-token').value = arguments[0];", token);
        logIn(wait, "alice", "right-alice");
        wait.until(driver -> driver.getCurrentUrl().startsWith(Browser.CALLBACK));
        assertTrue(browser.getCurrentUrl().contains("code="), "logged in, sent back to the client with a code: " + browser.getCurrentUrl());
        assertEquals(1, playtcha.callCount(token), "the widget's token was verified once");
    }

    /** The form filled and sent as a person does, then the next page loaded. */
    private void logIn(WebDriverWait wait, String username, String password) {
        WebElement name = browser.findElement(By.id("username"));
        name.clear();
        name.sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        WebElement button = browser.findElement(By.id("kc-login"));
        button.click();
        wait.until(ExpectedConditions.stalenessOf(button));
    }

    private int widgets() {
        return browser.findElements(By.cssSelector("#playtcha-widget .playtcha-widget")).size();
    }
}
