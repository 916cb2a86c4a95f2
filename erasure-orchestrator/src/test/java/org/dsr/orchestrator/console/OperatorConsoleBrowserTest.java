package org.dsr.orchestrator.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jakarta.inject.Inject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.dsr.contracts.Topics;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.orchestrator.console.operator.SagaChangeFeed;
import org.dsr.orchestrator.testing.PolicyInfrastructure;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in a real browser (Debian's chromium, headless, through /usr/bin/chromedriver; Selenium
 * Manager is never asked to download anything): sign in, watch a saga complete in the list without a reload, retry a
 * failed step through its confirm step. Saves screenshots of the main pages to docs/screenshots/ for the README.
 * Skipped when chromium is missing, unless the environment variable CI is set.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PolicyInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "orchestrator_test"))
@RealInfrastructureTest
class OperatorConsoleBrowserTest {

    private static final Path SCREENSHOTS = HeadlessChromium.screenshotsDir();

    private static WebDriver browser;

    @Inject
    SubjectKeys keys;

    @Inject
    SagaChangeFeed feed;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = HeadlessChromium.start(null);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + RestAssured.port + path;
    }

    private static WebDriverWait waitUpTo(int seconds) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(200));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static void screenshot(String name, int height) throws IOException {
        browser.manage().window().setSize(new Dimension(1400, height));
        Files.createDirectories(SCREENSHOTS);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(new Dimension(1400, 1000));
    }

    /** Read in one script call: a live reload may replace the row between two WebDriver calls. */
    private static String statusOf(RequestSubmittedV1 request) {
        Object text = ((JavascriptExecutor) browser)
                .executeScript("var e = document.querySelector(" + "'#saga-" + request.requestId()
                        + " .saga-status'); return e ? e.textContent.trim() : '';");
        return String.valueOf(text);
    }

    @Test
    void anOperatorWatchesASagaCompleteLiveAndRetriesAFailedStep() throws Exception {
        UiTestClient.createTopics();
        // a little history for the pages: an overdue Danish request, one that failed, one that goes on live
        RequestSubmittedV1 old = UiTestClient.submit(
                keys, RequestType.ERASURE, Jurisdiction.DK, Instant.now().minus(Duration.ofDays(40)));
        RequestSubmittedV1 failing = UiTestClient.submit(
                keys, RequestType.RESTRICTION, Jurisdiction.SE, Instant.now().minus(Duration.ofDays(3)));
        RequestSubmittedV1 live = UiTestClient.submit(keys);
        ProcessorCommandV1 failingHosting = UiTestClient.command("hosting", failing.requestId());
        UiTestClient.failAll(failingHosting, "account store unavailable: connection refused");
        UiTestClient.answerAll(UiTestClient.command("email-delivery", failing.requestId()));
        UiTestClient.answerAll(UiTestClient.command("hosting", old.requestId()));
        TestKafka.publish(
                Topics.OUTCOMES,
                "k",
                "{\"specversion\":\"1.0\",\"id\":\"evt-screenshot-1\","
                        + "\"type\":\"org.dsr.processor.outcome.v0\",\"source\":\"/legacy\",\"data\":{}}");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> UiTestClient.status(live.requestId()).equals("IN_PROGRESS")
                        && UiTestClient.status(failing.requestId()).equals("NEEDS_ATTENTION"));

        // sign in as an operator on the local sign-in page
        browser.get(url("/ui/sagas"));
        waitUpTo(20).until(ExpectedConditions.urlContains("/ui/sign-in"));
        browser.findElement(By.id("name")).sendKeys("alex.ops");
        screenshot("sign-in", 700);
        browser.findElement(By.id("sign-in")).click();
        waitUpTo(20).until(ExpectedConditions.urlContains("/ui/sagas"));
        assertThat(browser.findElement(By.id("signed-in-user")).getText()).isEqualTo("alex.ops");
        assertThat(browser.findElements(By.linkText("Compliance")))
                .as("not an operator's page")
                .isEmpty();

        // the saga is in progress; the page must follow it without a reload
        By liveRow = By.id("saga-" + live.requestId());
        waitUpTo(20).until(ExpectedConditions.presenceOfElementLocated(liveRow));
        assertThat(statusOf(live)).isEqualTo("In progress");
        waitUpTo(20).until(ExpectedConditions.textToBe(By.id("live-indicator"), "Live"));
        ((JavascriptExecutor) browser).executeScript("window.__sameDocument = 'yes';");
        // the feed's first poll only takes stock: an answer recorded before it would not reach the page
        await().atMost(Duration.ofSeconds(10)).until(feed::tookStock);
        for (String processor : List.of("hosting", "email-delivery", "analytics", "payments")) {
            UiTestClient.answerAll(UiTestClient.command(processor, live.requestId()));
        }
        waitUpTo(40).until(d -> statusOf(live).startsWith("Completed"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__sameDocument;"))
                .as("no reload happened")
                .isEqualTo("yes");
        assertThat(statusOf(live)).isEqualTo("Completed with retention");
        screenshot("sagas", 900);

        // the failed step: retry it through the confirm step
        browser.get(url("/ui/sagas/" + failing.requestId()));
        waitUpTo(20).until(ExpectedConditions.textToBe(By.id("saga-status"), "Needs attention"));
        browser.findElement(By.id("retry-hosting")).click();
        WebElement reason = waitUpTo(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-reason")));
        reason.sendKeys("account store is back, INC-4711");
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);");
        screenshot("saga-confirm-retry", 1250);
        browser.findElement(By.id("confirm-submit")).click();
        waitUpTo(20)
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.id("action-result"), "recorded as alex.ops"));
        waitUpTo(20)
                .until(d -> d.findElement(By.cssSelector("#step-hosting .step-status"))
                        .getText()
                        .equals("Dispatched"));
        waitUpTo(20)
                .until(d -> d.findElement(By.id("timeline")).getText().contains("Retry step by alex.ops")
                        && d.findElement(By.id("timeline")).getText().contains("account store is back, INC-4711"));
        assertThat(UiTestClient.commands("hosting", failing.requestId(), 2)).hasSize(2);
        assertThat(browser.getPageSource()).doesNotContain(UiTestClient.EMAIL);
        screenshot("saga", 1500);

        browser.get(url("/ui/deadlines"));
        waitUpTo(20).until(ExpectedConditions.presenceOfElementLocated(By.id("saga-" + old.requestId())));
        screenshot("deadlines", 1100);

        browser.get(url("/ui/dead-letters"));
        waitUpTo(30).until(d -> d.getPageSource().contains("evt-screenshot-1"));
        screenshot("dead-letters", 800);

        browser.findElement(By.id("sign-out")).click();
        waitUpTo(20).until(ExpectedConditions.urlContains("/ui/sign-in"));
        browser.get(url("/ui/sagas"));
        waitUpTo(20).until(ExpectedConditions.urlContains("/ui/sign-in"));
    }
}
