package org.dsr.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The add-checkpoint body, parsed strictly: anything else is a 400 with a reason. */
class AddCheckpointRequestTest {

    private final TestLog log = new TestLog().grow(20);
    private final String note = log.signed(20).format();

    private static AddCheckpointRequest parse(String body) throws Exception {
        return AddCheckpointRequest.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_well_formed_body_gives_old_size_proof_and_note() throws Exception {
        AddCheckpointRequest request = log.request(7, 20);

        assertThat(request.oldSize()).isEqualTo(7);
        assertThat(request.proof()).hasSameSizeAs(log.tree.consistencyProof(7, 20));
        assertThat(request.origin()).isEqualTo(TestLog.ORIGIN);
        assertThat(request.note()).isEqualTo(log.signed(20));
    }

    @Test
    void the_old_size_line_is_strict() {
        assertThatThrownBy(() -> parse("old 07\n\n" + note)).hasMessageContaining("leading zeros");
        assertThatThrownBy(() -> parse("old -1\n\n" + note)).hasMessageContaining("old <size>");
        assertThatThrownBy(() -> parse("Old 7\n\n" + note)).hasMessageContaining("old <size>");
        assertThatThrownBy(() -> parse("old 99999999999999999999\n\n" + note)).hasMessageContaining("old <size>");
        assertThatThrownBy(() -> parse("old 9999999999999999999\n\n" + note)).hasMessageContaining("too large");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("no old size line");
    }

    @Test
    void proof_lines_are_base64_sha256_hashes_at_most_63() {
        String hash = Base64.getEncoder().encodeToString(new byte[32]);
        assertThatThrownBy(() -> parse("old 7\nnot base64!\n\n" + note)).hasMessageContaining("not base64");
        assertThatThrownBy(() -> parse("old 7\n" + Base64.getEncoder().encodeToString(new byte[31]) + "\n\n" + note))
                .hasMessageContaining("not a SHA-256 hash");
        String sixtyFour = String.join("\n", Collections.nCopies(64, hash)) + "\n";
        assertThatThrownBy(() -> parse("old 7\n" + sixtyFour + "\n" + note)).hasMessageContaining("more than 63");
        String sixtyThree = String.join("\n", Collections.nCopies(63, hash)) + "\n";
        assertThat(catchingNothing("old 7\n" + sixtyThree + "\n" + note).proof())
                .hasSize(63);
    }

    @Test
    void the_empty_line_and_a_signed_note_are_required() {
        assertThatThrownBy(() -> parse("old 0\n")).hasMessageContaining("no empty line");
        assertThatThrownBy(() -> parse("old 0\n\n" + TestLog.ORIGIN + "\n20\n")).hasMessageContaining("blank line");
        assertThatThrownBy(() -> parse("old 0\n\n" + note.replace("\u2014", "-")))
                .hasMessageContaining("em dash");
    }

    @Test
    void a_body_that_is_not_utf8_is_refused() {
        byte[] body = ("old 0\n\n" + note).getBytes(StandardCharsets.UTF_8);
        body[body.length - 5] = (byte) 0xff;
        assertThatThrownBy(() -> AddCheckpointRequest.parse(body)).hasMessageContaining("not UTF-8");
    }

    @Test
    void the_proof_is_copied_in_and_out() throws Exception {
        AddCheckpointRequest request = log.request(7, 20);
        List<byte[]> proof = request.proof();
        proof.get(0)[0] ^= 1;
        assertThat(request.proof().get(0))
                .isEqualTo(log.tree.consistencyProof(7, 20).get(0));
    }

    private static AddCheckpointRequest catchingNothing(String body) {
        try {
            return parse(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
