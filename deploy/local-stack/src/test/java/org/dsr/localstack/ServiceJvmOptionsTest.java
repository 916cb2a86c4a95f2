package org.dsr.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceJvmOptionsTest {

    @Test
    void extraOptionsAreSplitOnWhitespaceAndAbsentWhenUnset() {
        assertEquals(List.of(), ServiceProcesses.extraJvmOptions(null));
        assertEquals(List.of(), ServiceProcesses.extraJvmOptions("  "));
        assertEquals(
                List.of("-XX:TieredStopAtLevel=1", "-Xmx256m"),
                ServiceProcesses.extraJvmOptions(" -XX:TieredStopAtLevel=1\t -Xmx256m "));
    }
}
