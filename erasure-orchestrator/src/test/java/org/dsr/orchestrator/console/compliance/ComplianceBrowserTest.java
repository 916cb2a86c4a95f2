package org.dsr.orchestrator.console.compliance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import jakarta.inject.Inject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.proof.ProofVerifierCli;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.orchestrator.console.HeadlessChromium;
import org.dsr.orchestrator.saga.ProcessorSigning;
import org.dsr.orchestrator.testing.PolicyInfrastructure;
import org.dsr.testsupport.RealInfrastructureTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The compliance console in a real browser (Debian's chromium, headless, through /usr/bin/chromedriver; Selenium
 * Manager is never asked for anything): sign in as compliance, find a record by request id and by a person's
 * identifier, read it, download its JSON and verify the file with the offline verifier, export a date range, and
 * open the letter to the person in Swedish and Danish. Screenshots go to docs/screenshots/compliance-*.png and
 * letter-*.png. Skipped when chromium is missing, unless the environment variable CI is set.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PolicyInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "orchestrator_compliance_test"))
@QuarkusTestResource(FakeRequestService.class)
@RealInfrastructureTest
class ComplianceBrowserTest {

    private static final Path SCREENSHOTS = HeadlessChromium.screenshotsDir();

    private static ChromeDriver browser;
    private static Path downloads;

    @Inject
    SubjectKeys keys;

    @ConfigProperty(name = "quarkus.rest-client.request-service.url")
    String requestService;

    @BeforeAll
    static void startBrowser() throws IOException {
        downloads = Files.createTempDirectory("compliance-browser-downloads");
        browser = HeadlessChromium.start(downloads);
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
        return new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(200));
    }

    /** The whole page, beyond the window, through the DevTools protocol. */
    @SuppressWarnings("unchecked")
    private static void screenshot(String name) throws IOException {
        Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        double width = ((Number) size.get("width")).doubleValue();
        double height = Math.min(((Number) size.get("height")).doubleValue(), 6000);
        Map<String, Object> shot = browser.executeCdpCommand(
                "Page.captureScreenshot",
                Map.of(
                        "format",
                        "png",
                        "captureBeyondViewport",
                        true,
                        "clip",
                        Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Files.createDirectories(SCREENSHOTS);
        Files.write(
                SCREENSHOTS.resolve(name + ".png"),
                java.util.Base64.getDecoder().decode((String) shot.get("data")));
    }

    private static String text() {
        return browser.findElement(By.tagName("body")).getText();
    }

    @Test
    void complianceFindsAVerifiesADownloadsARecordAndWritesTheLetter() throws Exception {
        String email = "åsa.berg@example.se";
        UUID se = ComplianceTestData.completeErasure(
                keys, Jurisdiction.SE, new Identifier(IdentifierType.EMAIL, email), Instant.now());
        UUID dk = ComplianceTestData.completeErasure(keys, Jurisdiction.DK, "lars.norgaard@example.dk");
        given().contentType("application/json")
                .body(Map.of(
                        "type",
                        "EMAIL",
                        "value",
                        email,
                        "match",
                        Map.of(
                                "requestId",
                                se.toString(),
                                "type",
                                "ERASURE",
                                "jurisdiction",
                                "SE",
                                "status",
                                "COMPLETED_WITH_RETENTION",
                                "receivedAt",
                                Instant.now().minusSeconds(60).toString(),
                                "completedAt",
                                Instant.now().toString())))
                .post(requestService + "/test/register")
                .then()
                .statusCode(204);

        // sign in as compliance on the console's sign-in page
        browser.get(url("/ui/compliance"));
        waitUpTo(20).until(ExpectedConditions.urlContains("/ui/sign-in"));
        browser.findElement(By.id("role-dsr-compliance")).click();
        browser.findElement(By.id("name")).sendKeys("maria.compliance");
        browser.findElement(By.id("sign-in")).click();
        waitUpTo(20).until(ExpectedConditions.presenceOfElementLocated(By.id("recent-records")));
        assertThat(browser.getCurrentUrl()).endsWith("/ui/compliance");
        assertThat(text()).contains("maria.compliance").contains(se.toString()).doesNotContain("Sagas");

        // the whole chain, checked on the server
        browser.findElement(By.id("verify-chain")).click();
        waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.id("chain-result")));
        assertThat(browser.findElement(By.id("chain-result")).getText()).contains("The whole chain verifies");

        // a date range: checked, with its downloads
        browser.findElement(By.id("export-check")).click();
        waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.id("export-json")));
        assertThat(browser.findElement(By.id("export-preview")).getText()).contains("Verified on the server");
        screenshot("compliance-search");

        // by identifier: posted, answered in place, not kept on screen nor in the URL
        new Select(browser.findElement(By.id("identifierType"))).selectByValue("EMAIL");
        browser.findElement(By.id("identifierValue")).sendKeys(email);
        browser.findElement(By.id("find-identifier")).click();
        waitUpTo(20).until(ExpectedConditions.presenceOfElementLocated(By.id("lookup-table")));
        assertThat(browser.findElement(By.id("lookup-summary")).getText()).contains("1 request");
        assertThat(browser.findElement(By.id("identifierValue")).getAttribute("value"))
                .isEmpty();
        assertThat(browser.getCurrentUrl()).doesNotContain("example.se");
        assertThat(browser.getPageSource()).doesNotContain(email);
        screenshot("compliance-lookup");
        browser.findElement(By.cssSelector("#lookup-table a[href$='" + se + "']"))
                .click();
        waitUpTo(20).until(ExpectedConditions.presenceOfElementLocated(By.id("verification")));

        // by request id
        browser.get(url("/ui/compliance"));
        browser.findElement(By.id("requestId")).sendKeys(se.toString());
        browser.findElement(By.id("find-request")).click();
        waitUpTo(20).until(ExpectedConditions.presenceOfElementLocated(By.id("verification")));
        assertThat(browser.getCurrentUrl()).endsWith("/ui/compliance/records/" + se);
        String record = text();
        assertThat(record)
                .contains("Signature and chain verified on the server")
                .contains("Bokföringslagen (1999:1078) 7 kap. 2 §")
                .contains("2032-12-31")
                .contains("verified: payments-");
        screenshot("compliance-record");

        // the JSON download, verified by the offline verifier as a compliance reviewer would
        browser.findElement(By.id("download-json")).click();
        Path file = downloads.resolve("completion-" + se + ".json");
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(file) && Files.size(file) > 0 && noPartialDownloads());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ProofVerifierCli.run(
                ProcessorSigning.verifyArguments(file), new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isEqualTo(ProofVerifierCli.OK);
        assertThat(printed)
                .contains("verified 1 record")
                .doesNotContain("outcome signature not checked")
                .doesNotContain("unsigned outcome");

        // the letter, in Swedish for the Swedish request
        browser.findElement(By.id("open-letter")).click();
        waitUpTo(20).until(ExpectedConditions.presenceOfElementLocated(By.id("letter")));
        WebElement letter = browser.findElement(By.id("letter"));
        assertThat(letter.getText())
                .contains("Integritetsskyddsmyndigheten (IMY), www.imy.se")
                .contains("31 december 2032")
                .doesNotContain(email);
        browser.findElement(By.id("addressee")).sendKeys("[Namn]\n[Gatuadress]\n[Postnummer och ort]");
        screenshot("letter-sv");
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        screenshot("letter-sv-print");
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));

        // and in Danish for the Danish one (the default by jurisdiction)
        browser.get(url("/ui/compliance/records/" + dk + "/letter"));
        waitUpTo(20).until(ExpectedConditions.presenceOfElementLocated(By.id("letter")));
        assertThat(browser.findElement(By.id("letter")).getText())
                .contains("Datatilsynet, www.datatilsynet.dk")
                .contains("31. december 2030")
                .contains("Bogføringsloven (§ 12)");
        assertThat(browser.findElement(By.id("lang-da")).getAttribute("aria-current"))
                .isEqualTo("true");
        screenshot("letter-da");
    }

    private static boolean noPartialDownloads() throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.noneMatch(f -> f.getFileName().toString().endsWith(".crdownload"));
        }
    }
}
