package org.dsr.adapter.hosting;

import jakarta.enterprise.context.ApplicationScoped;

/** The hosting categories that are plain child tables of an account. */
final class Handlers {

    private Handlers() {
    }

    @ApplicationScoped
    static class Sessions extends ChildTableHandler {
        Sessions() {
            super("sessions", "sessions");
        }
    }

    @ApplicationScoped
    static class UploadedFiles extends ChildTableHandler {
        UploadedFiles() {
            super("uploaded-files", "uploaded_files");
        }
    }

    @ApplicationScoped
    static class Profile extends ChildTableHandler {
        Profile() {
            super("profile", "profiles");
        }

        @Override
        public int executionOrder() {
            return 20;
        }
    }
}
