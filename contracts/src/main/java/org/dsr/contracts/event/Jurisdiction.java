package org.dsr.contracts.event;

import java.time.ZoneId;

/** The jurisdiction whose rules (deadlines, retention periods, supervisory authority) apply to a request. */
public enum Jurisdiction {
    SE(ZoneId.of("Europe/Stockholm")),
    DK(ZoneId.of("Europe/Copenhagen"));

    private final ZoneId zone;

    Jurisdiction(ZoneId zone) {
        this.zone = zone;
    }

    /** Calendar dates (due dates, retain-until) are counted in this zone. */
    public ZoneId zone() {
        return zone;
    }
}
