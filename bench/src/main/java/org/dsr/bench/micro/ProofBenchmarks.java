package org.dsr.bench.micro;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.concurrent.TimeUnit;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.event.SignatureV1;
import org.dsr.contracts.json.CanonicalJson;
import org.dsr.contracts.proof.ProofReport;
import org.dsr.contracts.proof.ProofVerifier;
import org.dsr.contracts.proof.VerificationKeys;
import org.dsr.contracts.tlog.CompactRange;
import org.dsr.contracts.tlog.InMemoryTree;
import org.dsr.contracts.tlog.Merkle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the proof costs on this machine, with the services' own code ({@code contracts}): the RFC 8785 canonical JSON
 * of a completion record with 16 signed outcomes, the orchestrator's Ed25519 signature over it (Bouncy Castle, as
 * the services sign), verifying that signature (the JDK's provider, as the offline verifier does, and Bouncy Castle's,
 * as a connector checks commands), and the offline verifier on an export of N records (every signature, hash link
 * and outcome, strict mode); for the v2 format, the Merkle root of a batch of 1,000 outcomes and appending a record to
 * the log. Average time per operation. Run with {@code ./dsr bench micro}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms256m", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ProofBenchmarks {

    /** One signed record of the sample chain, as a Java object. */
    @State(Scope.Benchmark)
    public static class OneRecord {
        CompletionRecordV1 unsigned;
        CompletionRecordV1 signed;
        SignatureV1 signature;
        PrivateKey privateKey;
        PublicKey publicKey;
        String keyId;

        @Setup(Level.Trial)
        public void build() {
            SampleChain chain = SampleChain.of(1);
            unsigned = chain.unsignedNext();
            signed = chain.records.get(0);
            signature = signed.signature();
            privateKey = chain.orchestrator.getPrivate();
            publicKey = chain.orchestrator.getPublic();
            keyId = chain.orchestratorKeyId;
            if (!SignedJson.verify(signed, signature, publicKey)) {
                throw new IllegalStateException("the sample record does not verify");
            }
        }
    }

    /** An export of {@code records} records and the keys that verify it. */
    @State(Scope.Benchmark)
    public static class Chain {
        @Param({"10", "100", "1000"})
        public int records;

        byte[] export;
        VerificationKeys keys;

        @Setup(Level.Trial)
        public void build() {
            SampleChain chain = SampleChain.of(records);
            export = chain.export().getBytes(StandardCharsets.UTF_8);
            keys = chain.keys();
            ProofReport report = new ProofVerifier(keys, ProofVerifier.Mode.STRICT).verify(export);
            if (!report.ok()) {
                throw new IllegalStateException("the sample chain does not verify: " + report.lines());
            }
        }
    }

    /** The leaves of a v2 outcome batch: canonical JSON bytes of {@code outcomes} outcomes. */
    @State(Scope.Benchmark)
    public static class OutcomeBatch {
        @Param({"1000"})
        public int outcomes;

        byte[][] leaves;
        byte[] recordBytes;
        CompactRange log;

        @Setup(Level.Trial)
        public void build() {
            SampleChain chain = SampleChain.of(1);
            String outcome = CanonicalJson.canonicalize(
                    chain.records.get(0).processors().get(0).outcomes().get(0));
            leaves = new byte[outcomes][];
            for (int i = 0; i < outcomes; i++) {
                leaves[i] = outcome.replaceFirst("\\{", "{\"n\":" + i + ",").getBytes(StandardCharsets.UTF_8);
            }
            recordBytes = CanonicalJson.canonicalize(chain.records.get(0)).getBytes(StandardCharsets.UTF_8);
            log = CompactRange.empty();
        }
    }

    /** v2, a processor's batch: every outcome hashed as an RFC 6962 leaf and the tree built to its root. */
    @Benchmark
    public byte[] merkleRootOfOutcomeBatch(OutcomeBatch b) {
        InMemoryTree tree = new InMemoryTree();
        for (byte[] leaf : b.leaves) {
            tree.append(Merkle.leafHash(leaf));
        }
        return tree.root();
    }

    /** v2, the log: one stored record (~10 KB) hashed as a leaf and appended to the log's compact range. */
    @Benchmark
    public long appendRecordToLog(OutcomeBatch b) {
        b.log.append(Merkle.leafHash(b.recordBytes));
        return b.log.size();
    }

    /** RFC 8785 canonical JSON of a whole signed record (what the chain hash and the stored bytes are). */
    @Benchmark
    public String canonicalizeRecord(OneRecord r) {
        return CanonicalJson.canonicalize(r.signed);
    }

    /** The orchestrator signing a record: canonical JSON without the signature field, then Ed25519. */
    @Benchmark
    public SignatureV1 signRecord(OneRecord r) {
        return SignedJson.sign(r.unsigned, r.keyId, r.privateKey);
    }

    /** Verifying a record's signature with the JDK's Ed25519 provider, as the offline verifier does. */
    @Benchmark
    public boolean verifyRecord(OneRecord r) {
        return SignedJson.verify(r.signed, r.signature, r.publicKey);
    }

    /** Verifying a record's signature with Bouncy Castle, as a connector checks every command. */
    @Benchmark
    public boolean verifyRecordFast(OneRecord r) {
        return SignedJson.verifyFast(r.signed, r.signature, r.publicKey);
    }

    /** The offline verifier on an export of N records, strict: every signature, outcome and hash link. */
    @Benchmark
    public ProofReport verifyChain(Chain c) {
        return new ProofVerifier(c.keys, ProofVerifier.Mode.STRICT).verify(c.export);
    }
}
