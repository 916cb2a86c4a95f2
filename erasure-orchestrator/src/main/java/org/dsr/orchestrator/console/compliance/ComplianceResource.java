package org.dsr.orchestrator.console.compliance;

import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.proof.ProofReport;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.kit.security.Roles;
import org.dsr.orchestrator.policy.Policy;
import org.dsr.orchestrator.proof.CompletionRecordEntity;
import org.dsr.orchestrator.console.compliance.ComplianceRecords.Neighbours;
import org.dsr.orchestrator.console.compliance.RequestServiceClient.LookupFailed;

/**
 * The compliance half of the web console (issue 7): find completion records by request id or by a person's
 * identifier, read one record with the server's verdict on its signatures and chain links, download it as the JSON
 * the offline verifier checks or as a PDF, and export a date range of the chain.
 *
 * <p>
 * Roles follow the API: reading a record and the exports ({@code GET /api/v1/completions...}) is open to
 * dsr-compliance and dsr-operator, so the record page and its downloads are too; the search page, the look-up by
 * identifier (request-service allows it to dsr-compliance only) and the letter are compliance's.
 *
 * <p>
 * The identifier is posted in a form body (never in a URL, so never in an access log), passed on to request-service
 * and dropped: it is not stored, logged, echoed in the page or in an error.
 */
@Path("/ui/compliance")
public class ComplianceResource {

    private static final Logger LOG = Logger.getLogger(ComplianceResource.class);
    static final int RECENT = 15;
    static final int MAX_IDENTIFIER = 320;

    @CheckedTemplate(basePath = "console/compliance")
    static class Templates {
        static native TemplateInstance home(HomeView home, LookupView lookup);

        static native TemplateInstance lookupResults(LookupView lookup);

        static native TemplateInstance record(RecordView record, String cli);

        static native TemplateInstance recordPdf(RecordView record, String generatedAt, String generatedBy);

        static native TemplateInstance export(ExportView export);

        static native TemplateInstance chainCheck(ChainCheckView check);
    }

    public record RecentRow(String requestId, long sequence, int version, String requestType, String jurisdiction,
            String status, String completedAt, int retained) {
    }

    public record HomeView(String notice, String requestId, List<RecentRow> recent, List<String> identifierTypes,
            String exportFrom, String exportTo) {
    }

    public record LookupRow(String requestId, String type, String jurisdiction, String status, String receivedAt,
            String completedAt, boolean shredded, int versions, String recordStatus) {
    }

    /** @param identifierType the type searched for; never the value */
    public record LookupView(String identifierType, List<LookupRow> rows, String error) {
        public int count() {
            return rows.size();
        }
    }

    public record ExportView(String from, String to, int count, long firstSequence, long lastSequence,
            boolean startsMidway, String anchor, String anchorState, boolean verified, String summary,
            String problem, String jsonHref, String csvHref, String error) {
    }

    public record ChainCheckView(boolean verified, int count, String summary, String problem, List<String> notes) {
    }

    private final ComplianceRecords records;
    private final ProofChecks proofs;
    private final RecordPdf pdf;
    private final Policy policy;
    private final RequestServiceClient requestService;
    private final JsonWebToken jwt;

    public ComplianceResource(ComplianceRecords records, ProofChecks proofs, RecordPdf pdf, Policy policy,
            @RestClient RequestServiceClient requestService, JsonWebToken jwt) {
        this.records = records;
        this.proofs = proofs;
        this.pdf = pdf;
        this.policy = policy;
        this.requestService = requestService;
        this.jwt = jwt;
    }

    // ---------------------------------------------------------------- search

    /** The compliance start page; {@code ?requestId=} jumps to that request's record. */
    @GET
    @RolesAllowed(Roles.COMPLIANCE)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> home(@QueryParam("requestId") String requestId) {
        if (requestId != null && !requestId.isBlank()) {
            UUID id = uuid(requestId.strip());
            if (id == null) {
                // not echoed: someone may have typed an identifier into the wrong box
                return homePage("That is not a request id: a request id is a UUID such as "
                        + "2dd81ae9-db20-4cc2-82b5-93e9c870e875. To find a person, use the identifier form.", null, 400);
            }
            return Panache.withSession(() -> records.versions(id)).flatMap(found -> found.isEmpty()
                    ? homePage("No completion record for request " + id + ": it does not exist or is not "
                            + "completed yet.", id.toString(), 404)
                    : Uni.createFrom().item(Response.seeOther(URI.create("/ui/compliance/records/" + id)).build()));
        }
        return homePage(null, null, 200);
    }

    private Uni<Response> homePage(String notice, String requestId, int status) {
        return Panache.withSession(() -> records.newest(RECENT)).map(newest -> {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            HomeView home = new HomeView(notice, requestId, newest.stream().map(ComplianceResource::recent).toList(),
                    Arrays.stream(IdentifierType.values()).map(Enum::name).toList(),
                    today.withDayOfMonth(1).toString(), today.toString());
            return Response.status(status).entity(Templates.home(home, null)).type(MediaType.TEXT_HTML).build();
        });
    }

    /**
     * Finds a person's requests by one identifier: request-service pseudonymises it and answers the matching request
     * ids; the records come from the orchestrator's own chain. Nothing about the value is kept or logged.
     */
    @POST
    @Path("/lookup")
    @RolesAllowed(Roles.COMPLIANCE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> lookup(@FormParam("identifierType") String type, @FormParam("identifierValue") String value,
            @HeaderParam("HX-Request") String htmx) {
        String typeName = type == null ? "" : type.strip();
        boolean knownType = Arrays.stream(IdentifierType.values()).anyMatch(t -> t.name().equals(typeName));
        String error = !knownType ? "Choose the kind of identifier."
                : value == null || value.isBlank() ? "Enter the identifier to look up."
                        : value.length() > MAX_IDENTIFIER ? "An identifier has at most " + MAX_IDENTIFIER
                                + " characters." : null;
        Uni<LookupView> view;
        if (error != null) {
            view = Uni.createFrom().item(new LookupView(knownType ? typeName : null, List.of(), error));
        } else {
            view = requestService.lookup("Bearer " + jwt.getRawToken(),
                    new RequestServiceClient.LookupRequest(new RequestServiceClient.IdentifierInput(typeName, value)))
                    .flatMap(result -> matches(typeName, result))
                    .onFailure().recoverWithItem(failure -> new LookupView(typeName, List.of(), explain(failure)));
        }
        return view.flatMap(lookup -> {
            int status = lookup.error() == null ? 200 : 422;
            if (htmx != null) {
                return Uni.createFrom().item(Response.status(status == 422 ? 200 : status)
                        .entity(Templates.lookupResults(lookup)).type(MediaType.TEXT_HTML).build());
            }
            return Panache.withSession(() -> records.newest(RECENT)).map(newest -> {
                LocalDate today = LocalDate.now(ZoneOffset.UTC);
                HomeView home = new HomeView(null, null, newest.stream().map(ComplianceResource::recent).toList(),
                        Arrays.stream(IdentifierType.values()).map(Enum::name).toList(),
                        today.withDayOfMonth(1).toString(), today.toString());
                return Response.status(status).entity(Templates.home(home, lookup)).type(MediaType.TEXT_HTML)
                        .build();
            });
        });
    }

    private Uni<LookupView> matches(String type, RequestServiceClient.LookupResult result) {
        List<RequestServiceClient.Match> found = result.requests() == null ? List.of() : result.requests();
        Set<UUID> ids = found.stream().map(RequestServiceClient.Match::requestId).collect(Collectors.toCollection(
                LinkedHashSet::new));
        return Panache.withSession(() -> records.ofRequests(ids)).map(stored -> {
            Map<UUID, List<CompletionRecordEntity>> byRequest = stored.stream()
                    .collect(Collectors.groupingBy(r -> r.requestId));
            List<LookupRow> rows = new ArrayList<>();
            for (RequestServiceClient.Match m : found) {
                List<CompletionRecordEntity> versions = byRequest.getOrDefault(m.requestId(), List.of());
                String recordStatus = versions.isEmpty() ? null : versions.get(versions.size() - 1).status;
                rows.add(new LookupRow(String.valueOf(m.requestId()), m.type(), m.jurisdiction(), m.status(),
                        RecordView.time(m.receivedAt()), RecordView.time(m.completedAt()), m.shreddedAt() != null,
                        versions.size(), recordStatus));
            }
            LOG.infof("compliance look-up by %s identifier: %d request(s)", type, rows.size());
            return new LookupView(type, rows, null);
        });
    }

    /** What went wrong, for the page: request-service's field messages never quote the value. */
    static String explain(Throwable failure) {
        if (failure instanceof LookupFailed f) {
            if (f.status() == 400 && f.problem() != null) {
                try {
                    JsonNode problem = Json.MAPPER.readTree(f.problem());
                    List<String> messages = new ArrayList<>();
                    problem.path("errors").forEach(e -> messages.add(e.path("message").asText()));
                    if (!messages.isEmpty()) {
                        return "request-service did not accept the identifier: " + String.join("; ", messages)
                                + ".";
                    }
                } catch (java.io.IOException | RuntimeException unreadable) {
                    // fall through to the generic answer
                }
                return "request-service did not accept the identifier.";
            }
            if (f.status() == 401 || f.status() == 403) {
                LOG.warnf("compliance look-up refused by request-service: %d", f.status());
                return "request-service refused the look-up (" + f.status() + "): your sign-in is not valid there.";
            }
            LOG.warnf("compliance look-up failed at request-service: %d", f.status());
            return "request-service could not answer the look-up (" + f.status() + "). Try again later.";
        }
        LOG.warnf("compliance look-up: request-service unreachable (%s)", failure.getClass().getSimpleName());
        return "request-service could not be reached; the look-up by identifier needs it. Look up by request id, "
                + "or try again later.";
    }

    // ---------------------------------------------------------------- one record

    @GET
    @Path("/records/{requestId}")
    @RolesAllowed({ Roles.COMPLIANCE, Roles.OPERATOR })
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> record(@PathParam("requestId") String requestId, @QueryParam("version") Integer version) {
        return view(requestId, version).map(view -> view == null ? notFound(requestId)
                : Response.ok(Templates.record(view, "java -jar contracts/target/proof-verifier.jar verify "
                        + jsonFilename(view.requestId()) + " --keys .dsr/keys")).type(MediaType.TEXT_HTML).build());
    }

    /** Every version of the request's record, byte for byte as stored: the file the offline verifier checks. */
    @GET
    @Path("/records/{requestId}/record.json")
    @RolesAllowed({ Roles.COMPLIANCE, Roles.OPERATOR })
    public Uni<Response> recordJson(@PathParam("requestId") String requestId) {
        UUID id = uuid(requestId);
        if (id == null) {
            return Uni.createFrom().item(notFound(requestId));
        }
        return Panache.withSession(() -> records.versions(id)).map(found -> found.isEmpty() ? notFound(requestId)
                : download(ProofChecks.array(found.stream().map(r -> r.payload).toArray(String[]::new)),
                        MediaType.APPLICATION_JSON + ";charset=utf-8", jsonFilename(id.toString())));
    }

    @GET
    @Path("/records/{requestId}/record.pdf")
    @RolesAllowed({ Roles.COMPLIANCE, Roles.OPERATOR })
    public Uni<Response> recordPdf(@PathParam("requestId") String requestId, @QueryParam("version") Integer version) {
        String user = jwt.getName();
        return view(requestId, version).emitOn(Infrastructure.getDefaultWorkerPool()).map(view -> {
            if (view == null) {
                return notFound(requestId);
            }
            String xhtml = Templates.recordPdf(view, RecordView.time(Instant.now()), user).render();
            return download(pdf.render(xhtml), "application/pdf",
                    "completion-" + view.requestId() + "-v" + view.version() + ".pdf");
        });
    }

    /** The record (the newest version unless asked) with its neighbours, checked; null when there is none. */
    Uni<RecordView> view(String requestId, Integer version) {
        UUID id = uuid(requestId);
        if (id == null) {
            return Uni.createFrom().nullItem();
        }
        return Panache.withSession(() -> records.versions(id).flatMap(versions -> {
            if (versions.isEmpty()) {
                return Uni.createFrom().nullItem();
            }
            CompletionRecordEntity chosen = versions.stream().filter(v -> version != null && v.version == version)
                    .findFirst().orElse(versions.get(versions.size() - 1));
            List<Integer> numbers = versions.stream().map(v -> v.version).toList();
            return records.neighbours(chosen.sequence).map((Neighbours n) -> RecordView.of(chosen, numbers,
                    proofs.check(chosen, n.previous(), n.next()), policy));
        }));
    }

    // ---------------------------------------------------------------- export

    /** Shows what an export of [from, to] (dates in UTC, both inclusive) holds, checked, with its downloads. */
    @GET
    @Path("/export")
    @RolesAllowed(Roles.COMPLIANCE)
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> export(@QueryParam("from") String from, @QueryParam("to") String to) {
        Instant[] range = range(from, to);
        if (range == null) {
            return Uni.createFrom().item(Templates.export(new ExportView(from, to, 0, 0, 0, false, null, null, false,
                    null, null, null, null, "Give both dates as YYYY-MM-DD, the first not after the second.")));
        }
        String query = "?from=" + from.strip() + "&to=" + to.strip();
        return Panache.withSession(() -> records.range(range[0], range[1]).flatMap(list -> {
            if (list.isEmpty()) {
                return Uni.createFrom().item(new ExportView(from, to, 0, 0, 0, false, null, null, false, null, null,
                        null, null, "No completion record was written between " + from + " and " + to + "."));
            }
            CompletionRecordEntity first = list.get(0);
            CompletionRecordEntity last = list.get(list.size() - 1);
            return records.bySequence(first.sequence - 1).map(anchor -> {
                ProofReport report = proofs.verify(ProofChecks.array(list.stream().map(r -> r.payload)
                        .toArray(String[]::new)));
                String anchorText;
                String anchorState;
                if (first.sequence == 1) {
                    anchorText = "The export starts at #1, the first record of the chain: nothing can be missing "
                            + "before it.";
                    anchorState = "ok";
                } else if (anchor.isPresent() && ProofChecks.sha256(anchor.get().payload).equals(first.previousHash)) {
                    anchorText = "The export starts mid-way, at #" + first.sequence + ". The verifier trusts its "
                            + "previousRecordHash " + first.previousHash.substring(0, 16) + "…; checked here: it is "
                            + "the SHA-256 of #" + anchor.get().sequence + ", the record before it in the chain.";
                    anchorState = "ok";
                } else {
                    anchorText = "The export starts mid-way, at #" + first.sequence + ", and its previousRecordHash "
                            + "does not match the record before it in the database.";
                    anchorState = "bad";
                }
                return new ExportView(from, to, list.size(), first.sequence, last.sequence, first.sequence > 1,
                        anchorText, anchorState, report.ok(), report.summary(),
                        report.problem().map(p -> ProofChecks.describe(p.check()) + ": " + p.message()).orElse(null),
                        "/ui/compliance/export/chain.json" + query, "/ui/compliance/export/summary.csv" + query,
                        null);
            });
        })).map(Templates::export);
    }

    @GET
    @Path("/export/chain.json")
    @RolesAllowed({ Roles.COMPLIANCE, Roles.OPERATOR })
    public Uni<Response> exportJson(@QueryParam("from") String from, @QueryParam("to") String to) {
        Instant[] range = range(from, to);
        if (range == null) {
            return Uni.createFrom().item(Response.status(400).type(MediaType.TEXT_PLAIN)
                    .entity("from and to must be dates (YYYY-MM-DD), from not after to").build());
        }
        return Panache.withSession(() -> records.range(range[0], range[1])).map(list -> download(
                ProofChecks.array(list.stream().map(r -> r.payload).toArray(String[]::new)),
                MediaType.APPLICATION_JSON + ";charset=utf-8",
                "completion-chain-" + from.strip() + "_" + to.strip() + ".json"));
    }

    /** One line per record: what a reviewer sorts and filters in a spreadsheet. Not a proof: the JSON is. */
    @GET
    @Path("/export/summary.csv")
    @RolesAllowed({ Roles.COMPLIANCE, Roles.OPERATOR })
    public Uni<Response> exportCsv(@QueryParam("from") String from, @QueryParam("to") String to) {
        Instant[] range = range(from, to);
        if (range == null) {
            return Uni.createFrom().item(Response.status(400).type(MediaType.TEXT_PLAIN)
                    .entity("from and to must be dates (YYYY-MM-DD), from not after to").build());
        }
        return Panache.withSession(() -> records.range(range[0], range[1])).map(list -> {
            StringBuilder csv = new StringBuilder("sequence,version,request_id,request_type,jurisdiction,status,"
                    + "received_at,due_at,completed_at,on_time,erased,anonymised,restricted,lifted,retained,"
                    + "not_found,record_hash\r\n");
            for (CompletionRecordEntity r : list) {
                CompletionRecordV1 rec = Json.read(r.payload, CompletionRecordV1.class);
                Map<String, Long> counts = rec.processors().stream().flatMap(p -> p.outcomes().stream())
                        .collect(Collectors.groupingBy(o -> o.status().name(), Collectors.counting()));
                Function<String, Long> n = s -> counts.getOrDefault(s, 0L);
                csv.append(r.sequence).append(',').append(r.version).append(',').append(rec.requestId()).append(',')
                        .append(rec.requestType()).append(',').append(rec.jurisdiction()).append(',')
                        .append(rec.status()).append(',').append(rec.receivedAt()).append(',').append(rec.dueAt())
                        .append(',').append(rec.completedAt()).append(',')
                        .append(rec.completedAt() != null && !rec.completedAt().isAfter(rec.dueAt())).append(',')
                        .append(n.apply("ERASED")).append(',').append(n.apply("ANONYMISED")).append(',')
                        .append(n.apply("RESTRICTED")).append(',').append(n.apply("LIFTED")).append(',')
                        .append(n.apply("RETAINED")).append(',').append(n.apply("NOT_FOUND")).append(',')
                        .append(r.recordHash).append("\r\n");
            }
            return download(csv.toString(), "text/csv;charset=utf-8",
                    "completion-summary-" + from.strip() + "_" + to.strip() + ".csv");
        });
    }

    /** Verifies the whole chain on the server, as the CLI would verify a full export. */
    @GET
    @Path("/chain/verify")
    @RolesAllowed({ Roles.COMPLIANCE, Roles.OPERATOR })
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> verifyChain() {
        return Panache.withSession(() -> records.chain()).emitOn(Infrastructure.getDefaultWorkerPool()).map(list -> {
            if (list.isEmpty()) {
                return Templates.chainCheck(new ChainCheckView(false, 0, "The chain is empty.", null, List.of()));
            }
            ProofReport report = proofs.verify(ProofChecks.array(list.stream().map(r -> r.payload)
                    .toArray(String[]::new)));
            List<String> notes = report.lines().stream().filter(l -> l.startsWith("  ·")).map(String::strip)
                    .limit(5).toList();
            return Templates.chainCheck(new ChainCheckView(report.ok(), list.size(), report.summary(),
                    report.problem().map(p -> ProofChecks.describe(p.check()) + ": " + p.message()).orElse(null),
                    notes));
        });
    }

    // ---------------------------------------------------------------- helpers

    static RecentRow recent(CompletionRecordEntity entity) {
        CompletionRecordV1 r = Json.read(entity.payload, CompletionRecordV1.class);
        return new RecentRow(String.valueOf(r.requestId()), r.sequence(), r.version(),
                String.valueOf(r.requestType()), String.valueOf(r.jurisdiction()), r.status(),
                RecordView.time(r.completedAt()), r.retained() == null ? 0 : r.retained().size());
    }

    static String jsonFilename(String requestId) {
        return "completion-" + requestId + ".json";
    }

    private static Response download(Object body, String type, String filename) {
        return Response.ok(body).type(type).header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .header("Cache-Control", "no-store").build();
    }

    private static Response notFound(String requestId) {
        return Response.status(404).type(MediaType.TEXT_HTML)
                .entity(Templates.home(new HomeView(uuid(requestId) == null ? "That is not a request id."
                        : "No completion record for request " + uuid(requestId) + ".",
                        null, List.of(), Arrays.stream(IdentifierType.values()).map(Enum::name).toList(),
                        LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).toString(),
                        LocalDate.now(ZoneOffset.UTC).toString()), null))
                .build();
    }

    /** [from 00:00 UTC, the day after to 00:00 UTC), or null when the dates are not valid. */
    static Instant[] range(String from, String to) {
        if (from == null || to == null) {
            return null;
        }
        try {
            LocalDate start = LocalDate.parse(from.strip());
            LocalDate end = LocalDate.parse(to.strip());
            if (end.isBefore(start)) {
                return null;
            }
            return new Instant[] { start.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant() };
        } catch (DateTimeException e) {
            return null;
        }
    }

    static UUID uuid(String text) {
        try {
            return text == null ? null : UUID.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
