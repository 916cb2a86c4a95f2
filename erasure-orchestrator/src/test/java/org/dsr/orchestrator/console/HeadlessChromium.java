package org.dsr.orchestrator.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium and chromedriver for the console's browser tests. Browser downloads don't work on these
 * machines, so Selenium is pointed at the installed binaries. Without them a test is skipped, except under CI,
 * which installs them (.ci/run): there a missing browser is a failure.
 */
public final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final int WIDTH = 1400;

    private HeadlessChromium() {}

    /** @param downloads where downloads are saved, or null when the test downloads nothing */
    public static ChromeDriver start(Path downloads) throws IOException {
        boolean available = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(available, "chromium and chromedriver are not installed");
        } else {
            assertThat(available).as("CI installs chromium and chromedriver").isTrue();
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile = Files.createTempDirectory("console-browser-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // without the background-networking flags chromium keeps dialling out, which this machine refuses
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--window-size=" + WIDTH + ",1000",
                "--force-device-scale-factor=1",
                "--lang=en-GB");
        if (downloads != null) {
            options.setExperimentalOption(
                    "prefs",
                    Map.of(
                            "download.default_directory",
                            downloads.toString(),
                            "download.prompt_for_download",
                            false,
                            "download.directory_upgrade",
                            true));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        if (downloads != null) {
            // headless Chrome saves downloads only where it is told to
            browser.executeCdpCommand(
                    "Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        }
        return browser;
    }

    /**
     * Where the console tests save their screenshots: {@code target/screenshots}, so that a test run leaves the working
     * tree as it was; {@code -Ddsr.screenshots.dir=../docs/screenshots} refreshes the README's pictures.
     */
    public static java.nio.file.Path screenshotsDir() {
        return java.nio.file.Path.of(System.getProperty("dsr.screenshots.dir", "target/screenshots"));
    }
}
