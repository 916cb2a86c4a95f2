package org.dsr.adapter.analytics;

import jakarta.enterprise.context.ApplicationScoped;

import org.dsr.adapter.kit.DeleteRowsHandler;

/** Events first, then the devices, then the user row: children before parents. Aggregates are never touched. */
final class AnalyticsHandlers {

    private AnalyticsHandlers() {
    }

    @ApplicationScoped
    static class Events extends DeleteRowsHandler {
        Events() {
            super("events", "events", AnalyticsSubjectResolver.EVENT_MATCH, AnalyticsSubjectResolver::eventParams, 10,
                    "with the subject's user id, any of its device ids or any anonymous id linked to them");
        }
    }

    @ApplicationScoped
    static class DeviceIds extends DeleteRowsHandler {
        DeviceIds() {
            super("device-ids", "devices", "user_id = any(cast(cast(:users as text) as text[]))"
                    + " or device_id = any(cast(cast(:devices as text) as text[]))",
                    s -> new Object[] { "users", s.keyArray(AnalyticsSubjectResolver.USERS), "devices",
                            s.keyArray(AnalyticsSubjectResolver.DEVICES) },
                    20, "of the subject's user id or device ids");
        }
    }

    @ApplicationScoped
    static class Profile extends DeleteRowsHandler {
        Profile() {
            super("profile", "users", "user_id = any(cast(cast(:users as text) as text[]))"
                    + " or email = any(cast(cast(:emails as text) as text[]))",
                    s -> new Object[] { "users", s.keyArray(AnalyticsSubjectResolver.USERS), "emails",
                            s.array(org.dsr.contracts.subject.IdentifierType.EMAIL) },
                    30, "with the subject's user id or email");
        }
    }
}
