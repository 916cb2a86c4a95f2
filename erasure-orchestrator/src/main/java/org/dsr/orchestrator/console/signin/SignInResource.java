package org.dsr.orchestrator.console.signin;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import org.dsr.kit.security.Roles;
import org.dsr.orchestrator.console.UiUser;
import org.dsr.orchestrator.localtokens.LocalTokenIssuer;

/**
 * Sign-in and sign-out of the web console. On the local stack a form picks a role and the console mints a
 * short-lived token with the local issuer key; the token lives in an HttpOnly, SameSite=Strict cookie that SmallRye
 * JWT reads ({@code mp.jwt.token.cookie}). In production the identity provider's sign-in proxy supplies the token.
 */
@Path("/ui")
@Blocking
public class SignInResource {

    /** The cookie SmallRye JWT reads the console's token from ({@code mp.jwt.token.cookie}). */
    public static final String COOKIE = "dsr_console";

    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    public record RoleChoice(String value, String label, String description) {}

    static final List<RoleChoice> ROLES = List.of(
            new RoleChoice(
                    Roles.OPERATOR,
                    "Operator",
                    "Watch sagas, deadlines and dead letters; retry, mark done, " + "cancel, extend, replay"),
            new RoleChoice(Roles.COMPLIANCE, "Compliance", "Review completion records and the proof chain"));

    @CheckedTemplate(basePath = "console/signin")
    static class Templates {
        static native TemplateInstance signIn(boolean localSignIn, List<RoleChoice> roles, String error, String next);
    }

    private final LocalTokenIssuer issuer;
    private final UiUser user;

    public SignInResource(LocalTokenIssuer issuer, UiUser user) {
        this.issuer = issuer;
        this.user = user;
    }

    /** The console's home: the first page the role may see. */
    @GET
    public Response home() {
        if (user.isOperator()) {
            return seeOther("/ui/sagas");
        }
        if (user.isCompliance()) {
            return seeOther("/ui/compliance");
        }
        return seeOther("/ui/sign-in");
    }

    @GET
    @Path("/sign-in")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance signInPage(@QueryParam("next") String next) {
        return Templates.signIn(issuer.available(), ROLES, null, safeNext(next));
    }

    @POST
    @Path("/sign-in")
    @Produces(MediaType.TEXT_HTML)
    public Response signIn(
            @FormParam("role") String role, @FormParam("name") String name, @FormParam("next") String next) {
        if (!issuer.available()) {
            return Response.status(404)
                    .entity(Templates.signIn(false, ROLES, null, null))
                    .build();
        }
        if (ROLES.stream().noneMatch(r -> r.value().equals(role))) {
            return Response.status(400)
                    .entity(Templates.signIn(true, ROLES, "Choose a role.", safeNext(next)))
                    .build();
        }
        String subject = name == null || name.isBlank() ? "local-" + role.replace("dsr-", "") : name.strip();
        if (!SUBJECT.matcher(subject).matches()) {
            return Response.status(400)
                    .entity(Templates.signIn(
                            true, ROLES, "A name is 1 to 64 letters, digits, '.', '_', '@' or '-'.", safeNext(next)))
                    .build();
        }
        String token = issuer.mint(subject, role).orElseThrow();
        String target = safeNext(next);
        return Response.seeOther(URI.create(target == null ? "/ui/" : target))
                .cookie(cookie(token, (int) issuer.ttlSeconds()))
                .build();
    }

    @POST
    @Path("/sign-out")
    public Response signOut() {
        return Response.seeOther(URI.create("/ui/sign-in"))
                .cookie(cookie("", 0))
                .build();
    }

    /** HttpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), the whole site. */
    static NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(COOKIE)
                .value(value)
                .path("/")
                .maxAge(maxAge)
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }

    /** Only a console path may follow the sign-in: no open redirect. */
    static String safeNext(String next) {
        if (next == null
                || !next.startsWith("/ui/")
                || next.startsWith("//")
                || next.contains("\\")
                || next.contains("://")
                || next.startsWith("/ui/sign-")) {
            return null;
        }
        return next;
    }

    private static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }
}
