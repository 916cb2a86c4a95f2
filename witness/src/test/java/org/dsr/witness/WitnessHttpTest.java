package org.dsr.witness;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.dsr.contracts.tlog.Checkpoint;
import org.dsr.contracts.tlog.Merkle;
import org.dsr.contracts.tlog.NoteKey;
import org.dsr.contracts.tlog.SignedNote;
import org.junit.jupiter.api.Test;

/** The HTTP surface of c2sp.org/tlog-witness as the running witness serves it, one status at a time. */
@QuarkusTest
@TestProfile(FreshWitnessProfile.class)
class WitnessHttpTest {

    private final TestLog log = TestLog.fixed().grow(40);

    private static Response post(String body) {
        return given().contentType("text/plain; charset=utf-8")
                .body(body)
                .when()
                .post("/add-checkpoint");
    }

    @Test
    void the_witness_cosigns_a_growing_log_and_refuses_everything_else() throws Exception {
        // the vkey it prints is served, as a cosignature key
        String vkey = given().get("/vkey").then().statusCode(200).extract().asString();
        NoteKey witnessKey = NoteKey.parseVkey(vkey);
        assertThat(witnessKey.name()).isEqualTo("witness.test/w1");
        assertThat(witnessKey.type()).isEqualTo(NoteKey.Type.COSIGNATURE_V1);
        String hash = CheckpointStore.originHash(TestLog.ORIGIN);
        given().get("/" + hash + "/checkpoint").then().statusCode(404);

        // 200: the first checkpoint, the cosignature line verifies with the vkey
        Response first = post(log.body(0, 10));
        first.then().statusCode(200).contentType(startsWith("text/plain"));
        SignedNote cosigned = SignedNote.parse(log.signed(10).format() + first.asString());
        assertThat(witnessKey.verify(cosigned)).isPresent();

        // 409 with the latest size, as text/x.tlog.size
        post(log.body(5, 20))
                .then()
                .statusCode(409)
                .header("Content-Type", equalTo("text/x.tlog.size"))
                .body(equalTo("10\n"));

        // 200 again with a proof from the latest size
        post(log.body(10, 20)).then().statusCode(200);

        // the monitoring view: the latest, with the log's signature and the witness's cosignature
        SignedNote latest = SignedNote.parse(given().get("/" + hash + "/checkpoint")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertThat(latest.text()).isEqualTo(log.checkpoint(20).text());
        assertThat(log.key().verify(latest)).isPresent();
        assertThat(witnessKey.verify(latest)).isPresent();

        // 400: a rollback (old size above the checkpoint's), and a body that is not one
        post(TestLog.body(20, List.of(), log.signed(10)))
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400));
        post("old 20\nnot a proof\n\n").then().statusCode(400);

        // 403: an impostor key under the log's name
        post(TestLog.impostor().grow(30).body(0, 30)).then().statusCode(403);

        // 404: a log it does not know
        String otherLog = new Checkpoint("other.test/log", 0, Merkle.emptyRoot()).text();
        String unknown = TestLog.body(0, List.of(), TestLog.signedBy(TestLog.newSigner("other.test/log"), otherLog));
        post(unknown).then().statusCode(404).body("detail", equalTo("unknown log origin"));

        // 422: a split view at the cosigned size, and a forked bigger history
        post(log.forkAt(19, "split").grow(1).body(20, 20)).then().statusCode(422);
        post(log.forkAt(3, "fork").grow(37).body(20, 40)).then().statusCode(422);

        // and the log goes on
        post(log.body(20, 40)).then().statusCode(200);
    }

    @Test
    void health_is_up() {
        given().get("/q/health/ready").then().statusCode(200);
    }
}
