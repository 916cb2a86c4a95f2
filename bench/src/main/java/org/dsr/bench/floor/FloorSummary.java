package org.dsr.bench.floor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.bench.report.Report;

/**
 * The floor of a four-processor erasure on this machine: the stores' set-based erasure (backend CPU per subject of
 * the batches, summed over the stores) plus the proof's CPU per saga, and the saga rate that alone would allow on
 * {@code cores} cores. Everything else a saga does (messages, the saga's own rows, the services' code) comes on top,
 * so the rate is an upper bound for any design that keeps per-subject signed outcomes and really erases.
 */
public record FloorSummary(
        List<ErasureFloor.BatchCost> batches, ProofCost.Result proof, int cores, double ticksPerSecond) {

    /** One store over every batch. */
    public record StoreCost(String store, long subjects, long matched, double wallMillis, double cpuMillis) {

        public double cpuMillisPerSubject() {
            return cpuMillis / subjects;
        }

        public double wallMillisPerSubject() {
            return wallMillis / subjects;
        }
    }

    public List<StoreCost> stores() {
        Map<String, StoreCost> byStore = new LinkedHashMap<>();
        for (ErasureFloor.BatchCost b : batches) {
            StoreCost add = new StoreCost(
                    b.store(),
                    b.subjects(),
                    b.matched(),
                    b.wallNanos() / 1e6,
                    b.backendCpuTicks() * 1000.0 / ticksPerSecond);
            byStore.merge(
                    b.store(),
                    add,
                    (x, y) -> new StoreCost(
                            x.store(),
                            x.subjects() + y.subjects(),
                            x.matched() + y.matched(),
                            x.wallMillis() + y.wallMillis(),
                            x.cpuMillis() + y.cpuMillis()));
        }
        return List.copyOf(byStore.values());
    }

    /** PostgreSQL CPU per subject for all four stores: every saga goes to every processor. */
    public double erasureCpuMillisPerSaga() {
        return stores().stream().mapToDouble(StoreCost::cpuMillisPerSubject).sum();
    }

    public double floorMillisPerSaga() {
        return erasureCpuMillisPerSaga() + proof.perSagaMillis();
    }

    public double sagasPerSecondBound() {
        return cores * 1000.0 / floorMillisPerSaga();
    }

    /** The same floor with the v2 proof (Merkle-batched outcomes, records as log leaves). */
    public double floorMillisPerSagaV2() {
        return erasureCpuMillisPerSaga() + proof.perSagaMillisV2();
    }

    public double sagasPerSecondBoundV2() {
        return cores * 1000.0 / floorMillisPerSagaV2();
    }

    public ObjectNode toJson() {
        ObjectNode n = Report.MAPPER.createObjectNode();
        ArrayNode stores = n.putArray("stores");
        for (StoreCost s : stores()) {
            ObjectNode o = stores.addObject();
            o.put("store", s.store());
            o.put("subjects", s.subjects());
            o.put("matched", s.matched());
            o.put("wall_ms_per_subject", Report.round(s.wallMillisPerSubject(), 4));
            o.put("backend_cpu_ms_per_subject", Report.round(s.cpuMillisPerSubject(), 4));
        }
        ObjectNode p = n.putObject("proof");
        p.put("iterations", proof.iterations());
        p.put("outcome_sign_us", Report.round(proof.outcomeMicros(), 1));
        p.put("record_sign_and_hash_us", Report.round(proof.recordMicros(), 1));
        p.put("record_bytes", proof.recordBytes());
        p.put("outcomes_per_saga", ProofCost.OUTCOMES_PER_SAGA);
        p.put("ms_per_saga", Report.round(proof.perSagaMillis(), 3));
        p.put("v1_check_us_per_outcome", Report.round(proof.v1CheckMicros(), 2));
        ObjectNode v2 = p.putObject("v2");
        v2.put("outcomes_per_batch", ProofCost.OUTCOMES_PER_BATCH);
        v2.put("records_per_checkpoint", ProofCost.RECORDS_PER_CHECKPOINT);
        v2.put("outcome_us", Report.round(proof.v2OutcomeMicros(), 2));
        v2.put("record_us", Report.round(proof.v2RecordMicros(), 1));
        v2.put("ms_per_saga", Report.round(proof.perSagaMillisV2(), 3));
        v2.put("check_us_per_outcome", Report.round(proof.v2CheckMicros(), 2));
        n.put("erasure_cpu_ms_per_saga", Report.round(erasureCpuMillisPerSaga(), 3));
        n.put("floor_ms_per_saga", Report.round(floorMillisPerSaga(), 3));
        n.put("floor_ms_per_saga_v2", Report.round(floorMillisPerSagaV2(), 3));
        n.put("cores", cores);
        n.put("sagas_per_s_bound", Report.round(sagasPerSecondBound(), 0));
        n.put("sagas_per_s_bound_v2", Report.round(sagasPerSecondBoundV2(), 0));
        return n;
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        for (StoreCost s : stores()) {
            out.append(String.format(
                    "  %-15s %6d subjects (%d held)  %.3f ms wall, %.3f ms PostgreSQL CPU per subject%n",
                    s.store(), s.subjects(), s.matched(), s.wallMillisPerSubject(), s.cpuMillisPerSubject()));
        }
        out.append(String.format(
                "  proof            %.1f us per outcome x %d + %.1f us per record (%d B) = %.3f ms per saga%n",
                proof.outcomeMicros(),
                ProofCost.OUTCOMES_PER_SAGA,
                proof.recordMicros(),
                proof.recordBytes(),
                proof.perSagaMillis()));
        out.append(String.format(
                "  proof v2         %.2f us per outcome x %d (batches of %d) + %.1f us per record = %.3f ms per saga%n",
                proof.v2OutcomeMicros(),
                ProofCost.OUTCOMES_PER_SAGA,
                ProofCost.OUTCOMES_PER_BATCH,
                proof.v2RecordMicros(),
                proof.perSagaMillisV2()));
        out.append(String.format(
                "  checked on receipt: v1 %.1f us, v2 %.2f us per outcome%n",
                proof.v1CheckMicros(), proof.v2CheckMicros()));
        out.append(String.format(
                "  floor            %.3f ms CPU per saga (erasure %.3f + proof %.3f) -> at most %.0f sagas/s"
                        + " on %d cores, before any message, saga row or service code%n",
                floorMillisPerSaga(), erasureCpuMillisPerSaga(), proof.perSagaMillis(), sagasPerSecondBound(), cores));
        out.append(String.format(
                "  floor v2         %.3f ms CPU per saga (erasure %.3f + proof %.3f) -> at most %.0f sagas/s on %d cores%n",
                floorMillisPerSagaV2(),
                erasureCpuMillisPerSaga(),
                proof.perSagaMillisV2(),
                sagasPerSecondBoundV2(),
                cores));
        return out.toString();
    }
}
