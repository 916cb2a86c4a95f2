package org.dsr.orchestrator.console.compliance.letter;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.json.Json;
import org.dsr.kit.security.Roles;
import org.dsr.orchestrator.policy.Policy;
import org.dsr.orchestrator.proof.CompletionChainRepository;
import org.dsr.orchestrator.proof.CompletionRecordEntity;
import org.dsr.orchestrator.saga.SagaRepository;

/**
 * The answer the controller sends the data subject (Art. 12(1), 12(3), 17, 18, 19 GDPR), from a completion record,
 * in Swedish, Danish or English (default: the jurisdiction's language), printable. Compliance only. The page holds
 * no identifier of the person: the addressee and the signer are placeholders typed into the page in the browser,
 * and what is typed never reaches the server.
 */
@Path("/ui/compliance/records/{requestId}/letter")
public class LetterResource {

    @CheckedTemplate(basePath = "console/compliance")
    static class Templates {
        static native TemplateInstance letter(LetterView letter, List<String> languages);
    }

    private final CompletionChainRepository records;
    private final Policy policy;
    private final SagaRepository sagas;

    public LetterResource(CompletionChainRepository records, Policy policy, SagaRepository sagas) {
        this.records = records;
        this.policy = policy;
        this.sagas = sagas;
    }

    @GET
    @RolesAllowed(Roles.COMPLIANCE)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> letter(
            @PathParam("requestId") String requestId,
            @QueryParam("lang") String lang,
            @QueryParam("version") Integer version) {
        UUID id;
        try {
            id = UUID.fromString(requestId);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom()
                    .item(Response.status(404)
                            .type(MediaType.TEXT_PLAIN)
                            .entity("No completion record for this request.")
                            .build());
        }
        return Panache.withSession(() -> records.versions(id).flatMap(versions -> {
            if (versions.isEmpty()) {
                return Uni.createFrom()
                        .item(Response.status(404)
                                .type(MediaType.TEXT_PLAIN)
                                .entity("No completion record for this request yet.")
                                .build());
            }
            CompletionRecordEntity chosen = versions.stream()
                    .filter(v -> version != null && v.version == version)
                    .findFirst()
                    .orElse(versions.get(versions.size() - 1));
            CompletionRecordV1 record = Json.read(chosen.payload, CompletionRecordV1.class);
            String language = lang != null && LetterView.LANGUAGES.contains(lang)
                    ? lang
                    : LetterView.defaultLanguage(record.jurisdiction());
            return sagas.findById(id).map(saga -> {
                LetterView view = LetterView.of(
                        record,
                        policy.controller(),
                        saga == null ? null : saga.originalDueAt,
                        saga == null ? null : saga.extensionReason,
                        language,
                        LocalDate.now(record.jurisdiction().zone()));
                TemplateInstance page = Templates.letter(view, LetterView.LANGUAGES);
                page.setLocale(LetterView.locale(language));
                return Response.ok(page).type(MediaType.TEXT_HTML).build();
            });
        }));
    }
}
