package org.dsr.adapter.payments;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.dsr.adapter.kit.retention.RetentionRules;
import org.dsr.contracts.event.Jurisdiction;

/**
 * The configured fiscal-year end per jurisdiction, checked at start: a bad value fails startup naming the property.
 */
@ApplicationScoped
public class FiscalYears {

    private final Map<Jurisdiction, MonthDay> ends = new EnumMap<>(Jurisdiction.class);

    public FiscalYears(PaymentsConfig config) {
        MonthDay common = RetentionRules.parseFiscalYearEnd("dsr.payments.fiscal-year-end", config.fiscalYearEnd());
        for (Jurisdiction j : Jurisdiction.values()) {
            ends.put(j, common);
        }
        config.fiscalYearEndByJurisdiction().forEach((name, value) -> {
            String property = "dsr.payments.fiscal-year-end-by-jurisdiction." + name;
            Jurisdiction jurisdiction;
            try {
                jurisdiction = Jurisdiction.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(property + ": unknown jurisdiction");
            }
            ends.put(jurisdiction, RetentionRules.parseFiscalYearEnd(property, value));
        });
    }

    public MonthDay end(Jurisdiction jurisdiction) {
        return ends.get(jurisdiction);
    }

    public LocalDate retainUntil(Jurisdiction jurisdiction, LocalDate bookedOn) {
        return RetentionRules.retainUntil(jurisdiction, bookedOn, end(jurisdiction));
    }
}
