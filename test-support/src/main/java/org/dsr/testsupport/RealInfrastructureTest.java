package org.dsr.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that needs real infrastructure: a Kafka broker, a PostgreSQL or MariaDB server, or processes it
 * starts (every {@code @QuarkusTest} here, since each starts {@link RealInfrastructureResource} or a resource built on
 * {@link TestInfrastructure}). Such a test takes seconds, not milliseconds, and is the JUnit tag {@value #TAG}: the
 * build runs the untagged unit tests of a module first and these in a second surefire run (parent pom.xml), so a unit
 * failure shows before any broker starts. Run one group alone with {@code -Dgroups=real-infrastructure} or
 * {@code -DexcludedGroups=real-infrastructure}. Modules that do not depend on test-support (local-stack, bench,
 * system-tests) write the tag itself: {@code @Tag("real-infrastructure")}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(RealInfrastructureTest.TAG)
public @interface RealInfrastructureTest {

    /** The JUnit tag of these tests. */
    String TAG = "real-infrastructure";
}
