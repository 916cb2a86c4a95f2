package org.dsr.witness;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Path;
import java.util.List;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.dsr.contracts.tlog.Checkpoint;
import org.dsr.contracts.tlog.NoteKey;
import org.dsr.contracts.tlog.NoteSigner;
import org.dsr.contracts.tlog.SignedNote;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The witness application started on the directories an earlier witness process left (nothing killed: the earlier
 * one cosigned up to size 20 and stopped): it is the same witness, and it still refuses a rollback and a split view.
 */
@QuarkusTest
@TestProfile(RestartedWitnessProfile.class)
class WitnessRestartTest {

    private final TestLog log = TestLog.fixed().grow(30);

    private static io.restassured.response.Response post(String body) {
        return given().contentType("text/plain; charset=utf-8")
                .body(body)
                .when()
                .post("/add-checkpoint");
    }

    @Test
    void after_a_restart_it_is_the_same_witness_at_the_same_size() throws Exception {
        // the same key: the one in the key directory the earlier process wrote
        Path keys = Path.of(ConfigProvider.getConfig().getValue("dsr.keys-dir", String.class));
        var pair = WitnessKeys.loadOrCreate(keys);
        String vkey = new NoteSigner(
                        "witness.test/w1", NoteKey.Type.COSIGNATURE_V1, pair.getPrivate(), pair.getPublic())
                .verifierKey()
                .vkey();
        given().get("/vkey").then().statusCode(200).body(equalTo(vkey + "\n"));

        // the latest it cosigned is size 20
        SignedNote latest =
                SignedNote.parse(given().get("/" + CheckpointStore.originHash(TestLog.ORIGIN) + "/checkpoint")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertThat(Checkpoint.parse(latest.text())).isEqualTo(log.checkpoint(RestartedWitnessProfile.COSIGNED));
    }

    @Test
    void after_a_restart_a_rollback_and_a_split_view_are_refused() {
        // a replay of the first request, and a smaller checkpoint with its own size as old size: 409 at 20
        post(log.body(0, 10)).then().statusCode(409).body(equalTo("20\n"));
        post(log.body(10, 10)).then().statusCode(409).body(equalTo("20\n"));
        // a smaller checkpoint claiming old size 20: 400
        post(TestLog.body(20, List.of(), log.signed(10))).then().statusCode(400);
        // another root at size 20: 422
        post(log.forkAt(19, "split").grow(1).body(20, 20)).then().statusCode(422);
    }
}
