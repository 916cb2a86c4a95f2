package org.dsr.orchestrator.console.compliance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import jakarta.inject.Inject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.kit.security.Roles;
import org.dsr.orchestrator.testing.PolicyInfrastructure;
import org.dsr.testsupport.RealInfrastructureTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The letter to the data subject in each language: the supervisory authority of the request's jurisdiction, the
 * retention facts of the record (law, period, last day), the recipients told (Art. 19), the time limit, and no
 * identifier of the person.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PolicyInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "orchestrator_compliance_test"))
@QuarkusTestResource(FakeRequestService.class)
@RealInfrastructureTest
class LetterTest {

    static final String SE_EMAIL = "bjorn.lindqvist@example.se";
    static final String DK_EMAIL = "mette.jorgensen@example.dk";
    static UUID se;
    static UUID dk;
    static UUID extended;

    @Inject
    SubjectKeys keys;

    @BeforeEach
    void records() {
        if (se == null) {
            se = ComplianceTestData.completeErasure(keys, Jurisdiction.SE, SE_EMAIL);
            dk = ComplianceTestData.completeErasure(keys, Jurisdiction.DK, DK_EMAIL);
            extended = ComplianceTestData.completeErasure(
                    keys,
                    Jurisdiction.SE,
                    new Identifier(IdentifierType.CUSTOMER_NUMBER, "C-10042"),
                    Instant.now(),
                    id -> given().header("Authorization", "Bearer " + ComplianceTestData.token("op", Roles.OPERATOR))
                            .contentType("application/json")
                            .body("{\"months\":2,\"reason\":\"backups at a sub-processor had to be searched\"}")
                            .post("/api/v1/sagas/" + id + "/extend-deadline")
                            .then()
                            .statusCode(200));
        }
    }

    static String letter(UUID requestId, String lang) {
        return given().cookie("dsr_console", ComplianceTestData.complianceToken())
                .get("/ui/compliance/records/" + requestId + "/letter" + (lang == null ? "" : "?lang=" + lang))
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    @Test
    void theSwedishLetterNamesImyAndTheBookkeepingAct() {
        String letter = letter(se, "sv");
        assertThat(letter)
                .contains("Svar på din begäran om radering av personuppgifter")
                .contains("Integritetsskyddsmyndigheten (IMY), www.imy.se")
                .contains("Bokföringslagen (1999:1078) 7 kap. 2 §")
                .contains("till och med det sjunde året efter utgången av det kalenderår då räkenskapsåret avslutades")
                .contains("31 december 2032")
                .contains("Det här har vi raderat")
                .contains("Ditt användarkonto")
                .contains("Det här har vi avidentifierat")
                .contains("spärrlista")
                .contains("utan slutdatum")
                .contains("artikel 19")
                .contains("Vår moln- och hostingleverantör")
                .contains("Vår betalningshantering och bokföring")
                .contains("inom den tidsfrist på en månad")
                .contains("artikel 12.3")
                .contains("[Personens namn och post- eller e-postadress]")
                .doesNotContain(SE_EMAIL)
                .doesNotContain("Datatilsynet");
    }

    @Test
    void theDanishLetterNamesDatatilsynetAndBogforingsloven() {
        String letter = letter(dk, "da");
        assertThat(letter)
                .contains("Svar på din anmodning om sletning af personoplysninger")
                .contains("Datatilsynet, www.datatilsynet.dk")
                .contains("Bogføringsloven (§ 12)")
                .contains("i 5 år fra udgangen af det regnskabsår, materialet vedrører")
                .contains("31. december 2030")
                .contains("Det har vi slettet")
                .contains("Det har vi anonymiseret")
                .contains("spærreliste")
                .contains("artikel 19")
                .contains("Vores betalingshåndtering og bogføring")
                .contains("artikel 12, stk. 3")
                .contains("[Personens navn og post- eller e-mailadresse]")
                .doesNotContain(DK_EMAIL)
                .doesNotContain("www.imy.se");
    }

    @Test
    void theEnglishLetterPicksTheAuthorityByJurisdiction() {
        assertThat(letter(se, "en"))
                .contains("Your request to have your personal data erased")
                .contains("Swedish Authority for Privacy Protection (Integritetsskyddsmyndigheten, IMY), www.imy.se")
                .contains("Bokföringslagen (1999:1078), chapter 7, section 2")
                .contains("31 December 2032")
                .contains("Article 19")
                .contains("Article 12(3)")
                .doesNotContain("datatilsynet");
        assertThat(letter(dk, "en"))
                .contains("Danish Data Protection Agency (Datatilsynet), www.datatilsynet.dk")
                .contains("bogføringsloven, section 12")
                .contains("five years")
                .contains("31 December 2030")
                .doesNotContain("www.imy.se");
    }

    @Test
    void theLanguageDefaultsToTheJurisdictions() {
        assertThat(letter(se, null)).contains("Hej!").contains("Integritetsskyddsmyndigheten");
        assertThat(letter(dk, null)).contains("Med venlig hilsen").contains("Datatilsynet");
        assertThat(letter(se, "xx")).contains("Med vänliga hälsningar");
    }

    @Test
    void anExtendedDeadlineIsExplainedWithItsReason() {
        assertThat(letter(extended, "sv"))
                .contains("förlängde tidsfristen")
                .contains("backups at a sub-processor had to be searched.")
                .doesNotContain("C-10042");
        assertThat(letter(extended, "en")).contains("extended the time limit");
    }

    @Test
    void onlyComplianceWritesLetters() {
        given().redirects()
                .follow(false)
                .cookie("dsr_console", ComplianceTestData.token("op", Roles.OPERATOR))
                .get("/ui/compliance/records/" + se + "/letter")
                .then()
                .statusCode(403);
        given().cookie("dsr_console", ComplianceTestData.complianceToken())
                .get("/ui/compliance/records/" + UUID.randomUUID() + "/letter")
                .then()
                .statusCode(404);
    }
}
