package org.dsr.connector;

import jakarta.inject.Singleton;
import org.dsr.testsupport.SettableClock;

/**
 * The connector's clock in tests: replaces service-kit's default {@code Clock} bean, so a test moves the connector's
 * "now" (a task's respond-by, a replay window) instead of sleeping; it must put the clock back when done.
 */
@Singleton
public class SteppedClock extends SettableClock {}
