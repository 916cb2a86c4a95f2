package org.dsr.adapter.payments;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the payments adapter, under {@code dsr.payments.*}. */
@ConfigMapping(prefix = "dsr.payments")
public interface PaymentsConfig {

    /** The last day of the company's fiscal year, {@code MM-dd} ({@code 02-29}: last day of February). */
    @WithDefault("12-31")
    String fiscalYearEnd();

    /** Per jurisdiction, when it differs: {@code dsr.payments.fiscal-year-end-by-jurisdiction.DK=06-30}. */
    Map<String, String> fiscalYearEndByJurisdiction();
}
