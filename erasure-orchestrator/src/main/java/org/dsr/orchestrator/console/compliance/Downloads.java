package org.dsr.orchestrator.console.compliance;

import jakarta.ws.rs.core.Response;

/** A file the browser saves rather than shows, never cached: the record JSON, the PDF, the exports. */
final class Downloads {

    private Downloads() {}

    static Response attachment(String body, String type, String filename) {
        return builder(Response.ok(body), type, filename);
    }

    static Response attachment(byte[] body, String type, String filename) {
        return builder(Response.ok(body), type, filename);
    }

    private static Response builder(Response.ResponseBuilder ok, String type, String filename) {
        return ok.type(type)
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }
}
