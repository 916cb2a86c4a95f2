package org.dsr.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dsr.contracts.Topics;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.contracts.subject.EncryptedIdentifiers;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.security.Roles;
import org.dsr.testsupport.RealInfrastructureResource;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestKafka;
import org.dsr.testsupport.TestSigningKeys;
import org.junit.jupiter.api.Test;

/**
 * A data key is released only to the processor a request was routed to: the caller sends the orchestrator-signed
 * command it received and its token names that processor. Every other way of asking (a command for another processor,
 * a made-up or re-signed command, a genuine command of another request, a token naming no processor) is refused with
 * 403, audited REFUSED with its reason, and the answer holds no key.
 */
@QuarkusTest
@QuarkusTestResource(
        value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "request_service_test"))
@RealInfrastructureTest
class DataKeyReleaseTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    record Submitted(String id, EncryptedIdentifiers encrypted) {}

    @Test
    void aKeyIsReleasedOnlyToTheProcessorTheSignedCommandRoutesTo() throws Exception {
        Submitted victim = submit();
        Submitted other = submit();
        ProcessorCommandV1 routed = TestData.commandFor(victim.encrypted(), victim.id(), "hosting");
        String key = TestData.fetchKey(
                        TestData.adapterFor("hosting"), victim.encrypted().keyId(), routed)
                .statusCode(200)
                .body("requestId", equalTo(victim.id()))
                .extract()
                .path("key");
        assertThat(granted(victim)).isOne();

        // a hosting token with a genuine command for payments: hosting was not routed there
        refused(
                TestData.adapterFor("hosting"),
                victim,
                TestData.commandFor(victim.encrypted(), victim.id(), "payments"),
                key,
                "the token does not name the command's processor (claim dsr_processors)");
        // an adapter token that names no processor at all
        refused(
                TestData.as(Roles.ADAPTER, TestData.ADAPTER),
                victim,
                routed,
                key,
                "the token does not name the command's processor (claim dsr_processors)");
        // a made-up command: unsigned, signed by another key (hosting's own), a signed one with its processor changed
        refused(TestData.adapterFor("hosting"), victim, routed.withSignature(null), key, "the command is not signed");
        TestSigningKeys.Pair hosting = TestSigningKeys.of("hosting");
        ProcessorCommandV1 unsigned = routed.withSignature(null);
        refused(
                TestData.adapterFor("hosting"),
                victim,
                unsigned.withSignature(SignedJson.sign(
                        unsigned, TestSigningKeys.of("orchestrator").keyId(), hosting.privateKey())),
                key,
                "the command's signature does not verify with the orchestrator's pinned key");
        ProcessorCommandV1 forPayments = TestData.commandFor(victim.encrypted(), victim.id(), "payments");
        ProcessorCommandV1 relabelled = new ProcessorCommandV1(
                forPayments.commandId(),
                forPayments.requestId(),
                "hosting",
                forPayments.requestType(),
                forPayments.jurisdiction(),
                forPayments.subject(),
                forPayments.categories(),
                forPayments.issuedAt(),
                forPayments.attempt(),
                forPayments.signature());
        refused(
                TestData.adapterFor("hosting"),
                victim,
                relabelled,
                key,
                "the command's signature does not verify with the orchestrator's pinned key");
        // a genuine command of another request, routed to hosting, for the victim's key
        refused(
                TestData.adapterFor("hosting"),
                victim,
                TestData.commandFor(other.encrypted(), other.id(), "hosting"),
                key,
                "the command is not for this data key");
        // a signed command pairing the victim's key with another request: the key is not that request's
        refused(
                TestData.adapterFor("hosting"),
                victim,
                TestData.commandFor(victim.encrypted(), other.id(), "hosting"),
                key,
                "the command is for another request than the data key");

        assertThat(granted(victim)).isOne();
        assertThat(TestData.count(
                        "select count(*) from data_key_access where key_id = ? and result = 'REFUSED'",
                        victim.encrypted().keyId()))
                .isEqualTo(7);
        assertThat(TestData.count(
                        "select count(*) from data_key_access where key_id = ? and result = 'REFUSED' and"
                                + " (reason is null or accessed_by is null or command_id is null)",
                        victim.encrypted().keyId()))
                .isZero();
    }

    @Test
    void aRefusedCommandRefusesTheWholeBatchAndNoKeyIsReleased() throws Exception {
        Submitted mine = submit();
        Submitted theirs = submit();
        var answer = TestData.fetchKeys(
                        TestData.adapterFor("hosting"),
                        List.of(
                                TestData.commandFor(mine.encrypted(), mine.id(), "hosting"),
                                TestData.commandFor(theirs.encrypted(), theirs.id(), "payments")))
                .statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body(
                        "detail",
                        equalTo("The data key is released only to the processor a request was routed to: the"
                                + " token does not name the command's processor (claim dsr_processors)"));
        assertThat(answer.extract().asString()).doesNotContain("\"key\"").doesNotContain("\"keys\"");
        for (Submitted s : List.of(mine, theirs)) {
            assertThat(granted(s)).isZero();
            assertThat(TestData.count(
                            "select count(*) from data_key_access where key_id = ? and result = 'REFUSED'",
                            s.encrypted().keyId()))
                    .isOne();
        }
        assertThat(TestData.string(
                        "select reason from data_key_access where key_id = ?",
                        mine.encrypted().keyId()))
                .isEqualTo("another command of the batch was refused");

        // the same batch routed right is released
        TestData.fetchKeys(
                        TestData.adapterFor("hosting", "payments"),
                        List.of(
                                TestData.commandFor(mine.encrypted(), mine.id(), "hosting"),
                                TestData.commandFor(theirs.encrypted(), theirs.id(), "payments")))
                .statusCode(200)
                .body("keys.size()", equalTo(2));
    }

    @Test
    void aMadeUpCommandForAnUnknownKeyIsRefusedNotAnsweredUnknown() throws Exception {
        // a refused caller does not even learn whether a key exists
        String keyId = "dk-" + UUID.randomUUID();
        EncryptedIdentifiers madeUp = new EncryptedIdentifiers(keyId, "A256GCM", "bm9uY2U=", "eA==");
        ProcessorCommandV1 command =
                TestData.commandFor(madeUp, UUID.randomUUID().toString(), "hosting");
        TestData.fetchKey(TestData.adapterFor("hosting"), keyId, command.withSignature(null))
                .statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", startsWith("The data key is released only"));
        TestData.fetchKey(TestData.adapterFor("hosting"), keyId, command).statusCode(404);
        assertThat(TestData.count(
                        "select count(*) from data_key_access where key_id = ? and result = 'REFUSED'", keyId))
                .isOne();
        // no command at all is a bad request
        TestData.adapterFor("hosting")
                .contentType("application/json")
                .body("{}")
                .post("/internal/v1/data-keys/" + keyId)
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE);
    }

    private static void refused(
            io.restassured.specification.RequestSpecification as,
            Submitted victim,
            ProcessorCommandV1 command,
            String key,
            String reason)
            throws Exception {
        long before = TestData.count(
                "select count(*) from data_key_access where key_id = ? and result = 'REFUSED'" + " and reason = ?",
                victim.encrypted().keyId(),
                reason);
        String body = TestData.fetchKey(as, victim.encrypted().keyId(), command)
                .statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(403))
                .body(
                        "detail",
                        equalTo("The data key is released only to the processor a request was routed to: " + reason))
                .extract()
                .asString();
        assertThat(body).doesNotContain(key).doesNotContain("\"key\"");
        assertThat(TestData.count(
                        "select count(*) from data_key_access where key_id = ? and result = 'REFUSED'"
                                + " and reason = ? and request_id = ?",
                        victim.encrypted().keyId(),
                        reason,
                        UUID.fromString(victim.id())))
                .isEqualTo(before + 1);
    }

    private static long granted(Submitted s) throws Exception {
        return TestData.count(
                "select count(*) from data_key_access where key_id = ? and result = 'GRANTED'",
                s.encrypted().keyId());
    }

    private static Submitted submit() {
        String id = TestData.submit(TestData.body("release." + UUID.randomUUID() + "@example.se"))
                .statusCode(202)
                .extract()
                .path("id");
        ConsumerRecord<String, String> published = TestKafka.read(
                        Topics.REQUESTS, r -> r.value().contains(id), 1, WAIT, Duration.ZERO)
                .get(0);
        RequestSubmittedV1 event = EventCodec.decode(published.value()).dataAs(RequestSubmittedV1.class);
        return new Submitted(id, event.subject().identifiers());
    }
}
