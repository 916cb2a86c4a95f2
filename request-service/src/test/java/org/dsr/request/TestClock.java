package org.dsr.request;

import jakarta.inject.Singleton;
import org.dsr.testsupport.SettableClock;

/** The service's clock in tests: replaces service-kit's system clock, so a test moves time past a grace period. */
@Singleton
public class TestClock extends SettableClock {}
