package org.dsr.adapter.hosting;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import org.dsr.adapter.kit.platform.PlatformApiSecured;
import org.dsr.adapter.kit.sql.Sql;

/**
 * The hosting platform's own processing paths, as far as they matter to restriction: signing in (which creates a
 * session with the client's IP and browser) and registering an upload. Both go through {@link AccountGate}, so a
 * restricted account is refused (423) until the restriction is lifted; an erased account is answered exactly as one
 * that never existed. The callers are the platform's own front ends, which present the platform's key in
 * {@code X-Api-Key}; the user's credentials are checked by the platform's identity provider in front of them.
 */
@Path("/api/v1")
@PlatformApiSecured
public class PlatformResource {

    public record SignIn(@NotBlank @Size(max = 320) String login) {}

    public record SessionAnswer(String sessionId) {}

    public record Upload(
            @NotBlank @Size(max = 320) String login,
            @NotBlank @Size(max = 255) String fileName,
            @NotBlank @Size(max = 255) String contentType,
            @PositiveOrZero long sizeBytes) {}

    public record UploadAnswer(String storageKey) {}

    private final AccountGate gate;

    public PlatformResource(AccountGate gate) {
        this.gate = gate;
    }

    @POST
    @Path("/sessions")
    public Uni<Response> signIn(@Valid SignIn signIn, @Context HttpServerRequest request) {
        String ip =
                request.remoteAddress() == null ? null : request.remoteAddress().host();
        String agent = request.getHeader("User-Agent");
        String sessionId = java.util.UUID.randomUUID().toString();
        return Panache.withTransaction(() -> gate.processable(signIn.login(), 401)
                        .flatMap(account -> Sql.update(
                                "insert into sessions (id, account_id, ip, user_agent)"
                                        + " values (cast(:id as uuid), :account, :ip, :agent)",
                                "id",
                                sessionId,
                                "account",
                                account,
                                "ip",
                                ip == null ? "" : ip,
                                "agent",
                                agent == null ? "" : agent)))
                .map(inserted -> Response.status(201)
                        .entity(new SessionAnswer(sessionId))
                        .build());
    }

    @POST
    @Path("/uploads")
    public Uni<Response> upload(@Valid Upload upload) {
        String storageKey = "uploads/" + java.util.UUID.randomUUID();
        return Panache.withTransaction(() -> gate.processable(upload.login(), 404)
                        .flatMap(account -> Sql.update(
                                "insert into uploaded_files (account_id, file_name, content_type,"
                                        + " size_bytes, storage_key) values (:account, :name, :type, :size, :key)",
                                "account",
                                account,
                                "name",
                                upload.fileName(),
                                "type",
                                upload.contentType(),
                                "size",
                                upload.sizeBytes(),
                                "key",
                                storageKey)))
                .map(inserted -> Response.status(201)
                        .entity(new UploadAnswer(storageKey))
                        .build());
    }
}
