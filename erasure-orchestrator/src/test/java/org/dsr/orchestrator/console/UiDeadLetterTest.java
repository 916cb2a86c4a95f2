package org.dsr.orchestrator.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dsr.contracts.Topics;
import org.dsr.orchestrator.testing.PolicyInfrastructure;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestKafka;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dead-letter view lists metadata and the reason, never the payload; a replay republishes and is recorded. */
@QuarkusTest
@QuarkusTestResource(
        value = PolicyInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "orchestrator_test"))
@RealInfrastructureTest
class UiDeadLetterTest {

    @org.junit.jupiter.api.BeforeEach
    void topics() {
        UiTestClient.createTopics();
    }

    @BeforeEach
    void noDefaultToken() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void aDeadLetterIsListedWithItsReasonAndAReplayRepublishesItToItsTopic() {
        String marker = "secret-payload-" + UUID.randomUUID();
        String poison = "{\"specversion\":\"1.0\",\"id\":\"poison-" + marker.substring(15)
                + "\",\"type\":\"org.dsr.unknown.v1\",\"source\":\"/test\",\"data\":{\"note\":\"" + marker + "\"}}";
        TestKafka.publish(Topics.OUTCOMES, "k", poison);
        List<ConsumerRecord<String, String>> dead = TestKafka.read(
                Topics.deadLetter(Topics.OUTCOMES), r -> r.value().contains(marker), 1);
        assertThat(dead).hasSize(1);
        ConsumerRecord<String, String> record = dead.get(0);

        String page = UiTestClient.operator()
                .get("/ui/dead-letters")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page)
                .contains("dsr.outcomes.dlq")
                .contains("org.dsr.unknown.v1")
                .contains("poison-" + marker.substring(15))
                .contains("offset " + record.offset())
                .contains(TestKafka.header(record, "dead-letter-reason"))
                .as("the payload is never shown")
                .doesNotContain(marker);

        UiTestClient.operator()
                .get("/ui/dead-letters/confirm?topic=dsr.outcomes.dlq&partition=" + record.partition() + "&offset="
                        + record.offset())
                .then()
                .statusCode(200)
                .body(containsString("Replay this dead letter?"));
        UiTestClient.operator()
                .contentType(ContentType.URLENC)
                .formParam("topic", "dsr.outcomes.dlq")
                .formParam("partition", record.partition())
                .formParam("offset", record.offset())
                .formParam("reason", "")
                .post("/ui/dead-letters/replay")
                .then()
                .statusCode(200)
                .header("Dsr-Action-Status", "400");
        UiTestClient.operator()
                .contentType(ContentType.URLENC)
                .formParam("topic", "dsr.outcomes.dlq")
                .formParam("partition", record.partition())
                .formParam("offset", record.offset())
                .formParam("reason", "consumer fixed, INC-9")
                .post("/ui/dead-letters/replay")
                .then()
                .statusCode(200)
                .body(containsString("Replayed"))
                .body(containsString("ui-operator"));

        List<ConsumerRecord<String, String>> republished =
                TestKafka.read(Topics.OUTCOMES, r -> r.value().contains(marker), 2);
        assertThat(republished).hasSize(2);
        assertThat(republished.get(1).value()).isEqualTo(poison);
        assertThat(republished.get(1).key()).isEqualTo("k");
        assertThat(TestKafka.header(republished.get(1), "dead-letter-reason")).isNull();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(UiTestClient.operator()
                                .get("/ui/dead-letters?topic=dsr.outcomes.dlq")
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString())
                        .contains("replayed by ui-operator"));
        // only records of the console's dead-letter topics, only back to their own topic
        UiTestClient.operator()
                .contentType(ContentType.URLENC)
                .formParam("topic", Topics.OUTCOMES)
                .formParam("partition", 0)
                .formParam("offset", 0)
                .formParam("reason", "sneaky")
                .post("/ui/dead-letters/replay")
                .then()
                .statusCode(404);
    }
}
