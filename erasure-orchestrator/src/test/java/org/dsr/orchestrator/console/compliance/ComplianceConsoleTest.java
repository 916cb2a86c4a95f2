package org.dsr.orchestrator.console.compliance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.imageio.ImageIO;
import jakarta.inject.Inject;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.proof.ProofReport;
import org.dsr.contracts.proof.ProofVerifier;
import org.dsr.contracts.proof.ProofVerifierCli;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.kit.security.Roles;
import org.dsr.orchestrator.saga.ProcessorSigning;
import org.dsr.orchestrator.testing.PolicyInfrastructure;
import org.dsr.testsupport.RealInfrastructureTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compliance console on a real broker and database: a record's page with the server's verdict, the JSON the
 * offline verifier accepts, the PDF, a date-range export, the look-up by identifier through request-service (a
 * stand-in here), and who may see what.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PolicyInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "orchestrator_compliance_test"))
@QuarkusTestResource(FakeRequestService.class)
@RealInfrastructureTest
class ComplianceConsoleTest {

    static final String EMAIL = "åsa.lindqvist@example.se";
    static final String DK_EMAIL = "søren.østergaard@example.dk";
    static UUID se;
    static UUID dk;

    @Inject
    SubjectKeys keys;

    @ConfigProperty(name = "quarkus.rest-client.request-service.url")
    String requestService;

    @TestHTTPResource("/")
    java.net.URL base;

    @BeforeEach
    void records() {
        if (se == null) {
            se = ComplianceTestData.completeErasure(keys, Jurisdiction.SE, EMAIL);
            dk = ComplianceTestData.completeErasure(keys, Jurisdiction.DK, DK_EMAIL);
        }
    }

    static RequestSpecification as(String... roles) {
        return given().redirects()
                .follow(false)
                .cookie("dsr_console", ComplianceTestData.token("test-" + String.join("-", roles), roles));
    }

    RequestSpecification post(String token) {
        String origin = "http://" + base.getHost() + ":" + base.getPort();
        return given().redirects()
                .follow(false)
                .cookie("dsr_console", token)
                .header("Origin", origin)
                .contentType("application/x-www-form-urlencoded");
    }

    @Test
    void aRecordPageShowsWhatEachProcessorDidAndTheServersVerdict() {
        String page = as(Roles.COMPLIANCE)
                .get("/ui/compliance/records/" + se)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page)
                .contains("Signature and chain verified on the server")
                .contains("valid Ed25519 signature by orchestrator-")
                .contains("COMPLETED_WITH_RETENTION")
                .contains("Bokföringslagen (1999:1078) 7 kap. 2 §")
                .contains("2032-12-31")
                .contains("GDPR Art. 17(3)(b) and 21(3)")
                .contains("no end date")
                .contains("verified: payments-")
                .contains("verified: hosting-")
                .contains("select by subject after delete: 0 rows")
                .contains("on time")
                .contains("Letter to the person")
                .doesNotContain(EMAIL)
                .doesNotContain("Retry")
                .doesNotContain("Mark done");
        String pseudonym = Json.read(
                        as(Roles.COMPLIANCE)
                                .get("/ui/compliance/records/" + se + "/record.json")
                                .asString(),
                        JsonNode.class)
                .get(0)
                .get("subjectPseudonym")
                .asText();
        assertThat(page).as("the console shows no pseudonym").doesNotContain(pseudonym.substring(0, 12));
        assertThat(as(Roles.COMPLIANCE)
                        .get("/ui/compliance/records/" + dk)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("Bogføringsloven § 12")
                .contains("2030-12-31");
    }

    @Test
    void theJsonDownloadIsWhatTheOfflineVerifierAccepts() throws Exception {
        Response download = as(Roles.COMPLIANCE).get("/ui/compliance/records/" + se + "/record.json");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"completion-" + se + ".json\"");
        byte[] bytes = download.asByteArray();

        ProofReport report = new ProofVerifier(ProcessorSigning.verificationKeys()).verify(bytes);
        assertThat(report.ok()).as(String.join("\n", report.lines())).isTrue();
        assertThat(report.warnings()).as("every processor signature checked").isEmpty();
        assertThat(report.verified())
                .singleElement()
                .satisfies(v -> assertThat(v.requestId()).isEqualTo(se));

        Path file = Files.createTempFile("completion-", ".json");
        Files.write(file, bytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ProofVerifierCli.run(
                ProcessorSigning.verifyArguments(file), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(ProofVerifierCli.OK);

        // a changed byte fails
        String changed = new String(bytes, StandardCharsets.UTF_8).replace("\"rowsAffected\":3", "\"rowsAffected\":4");
        assertThat(new ProofVerifier(ProcessorSigning.verificationKeys())
                        .verify(changed)
                        .ok())
                .isFalse();
    }

    @Test
    void thePdfIsAValidPdfWithTheRecordInItAndItsFontsEmbedded() throws Exception {
        Response response = as(Roles.COMPLIANCE).get("/ui/compliance/records/" + se + "/record.pdf");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/pdf");
        assertThat(response.header("Content-Disposition")).contains("completion-" + se + "-v1.pdf");
        try (PDDocument pdf = Loader.loadPDF(response.asByteArray())) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text)
                    .contains(se.toString())
                    .contains("Bokföringslagen (1999:1078) 7 kap. 2 §")
                    .contains("Signature and chain verified")
                    .contains("2032-12-31")
                    .doesNotContain(EMAIL);
            List<PDFont> fonts = new ArrayList<>();
            for (PDPage page : pdf.getPages()) {
                for (var name : page.getResources().getFontNames()) {
                    fonts.add(page.getResources().getFont(name));
                }
            }
            assertThat(fonts)
                    .isNotEmpty()
                    .allSatisfy(f -> assertThat(f.isEmbedded()).as(f.getName()).isTrue());
            BufferedImage image = new PDFRenderer(pdf).renderImageWithDPI(0, 80);
            Path screenshots = org.dsr.orchestrator.console.HeadlessChromium.screenshotsDir();
            Files.createDirectories(screenshots);
            ImageIO.write(
                    image,
                    "png",
                    screenshots.resolve("compliance-record-pdf.png").toFile());
        }
        try (PDDocument pdf = Loader.loadPDF(as(Roles.COMPLIANCE)
                .get("/ui/compliance/records/" + dk + "/record.pdf")
                .asByteArray())) {
            assertThat(new PDFTextStripper().getText(pdf))
                    .contains(dk.toString())
                    .contains("Bogføringsloven § 12");
        }
    }

    @Test
    void aDateRangeExportIsContiguousVerifiesAndSaysWhereItStarts() {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String preview = as(Roles.COMPLIANCE)
                .get("/ui/compliance/export?from=" + today + "&to=" + today)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(preview).contains("Verified on the server").contains("Download chain JSON");

        Response json = as(Roles.COMPLIANCE).get("/ui/compliance/export/chain.json?from=" + today + "&to=" + today);
        assertThat(json.header("Content-Disposition")).contains("completion-chain-" + today + "_" + today + ".json");
        ProofReport report = new ProofVerifier(ProcessorSigning.verificationKeys()).verify(json.asByteArray());
        assertThat(report.ok()).as(String.join("\n", report.lines())).isTrue();
        assertThat(report.verified())
                .extracting(ProofReport.VerifiedRecord::requestId)
                .contains(se, dk);

        // a sub-range that starts mid-way verifies too; its first link is trusted, and the page checks it
        JsonNode all = Json.read(json.asString(), JsonNode.class);
        StringBuilder tail = new StringBuilder("[");
        for (int i = 1; i < all.size(); i++) {
            tail.append(i == 1 ? "" : ",").append(org.dsr.contracts.json.CanonicalJson.canonicalize(all.get(i)));
        }
        ProofReport midway = new ProofVerifier(ProcessorSigning.verificationKeys())
                .verify(tail.append(']').toString());
        assertThat(midway.ok()).as(String.join("\n", midway.lines())).isTrue();
        assertThat(midway.summary()).contains("starts mid-way");

        String csv = as(Roles.COMPLIANCE)
                .get("/ui/compliance/export/summary.csv?from=" + today + "&to=" + today)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(csv)
                .startsWith("sequence,version,request_id")
                .contains(se.toString() + ",ERASURE,SE," + "COMPLETED_WITH_RETENTION");

        assertThat(as(Roles.COMPLIANCE)
                        .get("/ui/compliance/export?from=2020-02-01&to=2020-01-01")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("the first not after the second");
        assertThat(as(Roles.COMPLIANCE)
                        .get("/ui/compliance/export?from=1999-01-01&to=1999-01-31")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("No completion record was written");
    }

    @Test
    void lookingUpByIdentifierAsksRequestServiceWithTheUsersTokenAndNeverShowsOrLogsTheIdentifier() {
        register("EMAIL", EMAIL, se, "SE");
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(
                        String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger.getLogger("").addHandler(capture);
        try {
            String token = ComplianceTestData.complianceToken();
            String page = post(token)
                    .formParam("identifierType", "EMAIL")
                    .formParam("identifierValue", "  Åsa.Lindqvist@Example.se ")
                    .post("/ui/compliance/lookup")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(page)
                    .contains("1 request for the")
                    .contains("/ui/compliance/records/" + se)
                    .doesNotContain(EMAIL)
                    .doesNotContain("Åsa.Lindqvist");
            assertThat(given().get(requestService + "/test/authorizations").asString())
                    .contains("Bearer " + token);

            String fragment = post(token)
                    .header("HX-Request", "true")
                    .formParam("identifierType", "EMAIL")
                    .formParam("identifierValue", "nobody@example.se")
                    .post("/ui/compliance/lookup")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(fragment).contains("0 requests").doesNotContain("<html").doesNotContain("nobody@example.se");

            String invalid = post(token)
                    .formParam("identifierType", "PHONE")
                    .formParam("identifierValue", "not-a-phone-070")
                    .post("/ui/compliance/lookup")
                    .then()
                    .statusCode(422)
                    .extract()
                    .asString();
            assertThat(invalid).contains("must be a phone number in E.164 form").doesNotContain("not-a-phone-070");

            assertThat(post(token)
                            .formParam("identifierType", "EMAIL")
                            .formParam("identifierValue", "")
                            .post("/ui/compliance/lookup")
                            .then()
                            .statusCode(422)
                            .extract()
                            .asString())
                    .contains("Enter the identifier");
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
        assertThat(logged)
                .isNotEmpty()
                .noneMatch(l -> l.toLowerCase().contains("åsa.lindqvist"))
                .noneMatch(l -> l.contains("nobody@example.se"))
                .noneMatch(l -> l.contains("not-a-phone-070"));
    }

    @Test
    void aPostFromAnotherSiteIsRefused() {
        given().redirects()
                .follow(false)
                .cookie("dsr_console", ComplianceTestData.complianceToken())
                .header("Origin", "https://evil.example")
                .contentType("application/x-www-form-urlencoded")
                .formParam("identifierType", "EMAIL")
                .formParam("identifierValue", EMAIL)
                .post("/ui/compliance/lookup")
                .then()
                .statusCode(403);
    }

    @Test
    void searchingByRequestIdOpensTheRecord() {
        as(Roles.COMPLIANCE)
                .get("/ui/compliance?requestId=" + se)
                .then()
                .statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/ui/compliance/records/" + se));
        assertThat(as(Roles.COMPLIANCE)
                        .get("/ui/compliance?requestId=" + UUID.randomUUID())
                        .then()
                        .statusCode(404)
                        .extract()
                        .asString())
                .contains("No completion record for request");
        assertThat(as(Roles.COMPLIANCE)
                        .get("/ui/compliance?requestId=someone@example.se")
                        .then()
                        .statusCode(400)
                        .extract()
                        .asString())
                .contains("That is not a request id")
                .doesNotContain("someone@example.se");
        assertThat(as(Roles.COMPLIANCE)
                        .get("/ui/compliance")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("Newest records")
                .contains(se.toString());
        assertThat(as(Roles.COMPLIANCE)
                        .get("/ui/compliance/chain/verify")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("The whole chain verifies");
    }

    @Test
    void operatorsReadRecordsAsTheApiAllowsButNotTheComplianceViews() {
        String page = as(Roles.OPERATOR)
                .get("/ui/compliance/records/" + se)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page).doesNotContain("Letter to the person").contains("Download JSON");
        as(Roles.OPERATOR)
                .get("/ui/compliance/records/" + se + "/record.json")
                .then()
                .statusCode(200);
        as(Roles.OPERATOR)
                .get("/ui/compliance/records/" + se + "/record.pdf")
                .then()
                .statusCode(200);
        as(Roles.OPERATOR).get("/ui/compliance").then().statusCode(403);
        as(Roles.OPERATOR)
                .get("/ui/compliance/records/" + se + "/letter")
                .then()
                .statusCode(403);
        as(Roles.OPERATOR)
                .get("/ui/compliance/export?from=2026-01-01&to=2026-01-02")
                .then()
                .statusCode(403);
        post(ComplianceTestData.token("op", Roles.OPERATOR))
                .formParam("identifierType", "EMAIL")
                .formParam("identifierValue", EMAIL)
                .post("/ui/compliance/lookup")
                .then()
                .statusCode(403);

        as(Roles.SUBMITTER).get("/ui/compliance/records/" + se).then().statusCode(403);
        // an adapter's token is for request-service only: here it is no sign-in at all
        as(Roles.ADAPTER)
                .get("/ui/compliance/records/" + se + "/record.json")
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(303), org.hamcrest.Matchers.is(401)));
        given().redirects()
                .follow(false)
                .get("/ui/compliance/records/" + se)
                .then()
                .statusCode(303)
                .header("Location", org.hamcrest.Matchers.containsString("/ui/sign-in"));
        given().redirects()
                .follow(false)
                .get("/ui/compliance/records/" + se + "/record.json")
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(303), org.hamcrest.Matchers.is(401)));
    }

    void register(String type, String value, UUID requestId, String jurisdiction) {
        given().contentType("application/json")
                .body(Map.of(
                        "type",
                        type,
                        "value",
                        value,
                        "match",
                        Map.of(
                                "requestId",
                                requestId.toString(),
                                "type",
                                "ERASURE",
                                "jurisdiction",
                                jurisdiction,
                                "status",
                                "COMPLETED_WITH_RETENTION",
                                "receivedAt",
                                "2026-11-01T09:00:00Z",
                                "completedAt",
                                "2026-11-02T09:00:00Z")))
                .post(requestService + "/test/register")
                .then()
                .statusCode(204);
    }
}
