package org.dsr.adapter.kit.datamap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpGeneraliserTest {

    @ParameterizedTest
    @CsvSource(
            nullValues = "NULL",
            value = {
                "192.168.17.42, 192.168.17.0",
                "10.0.0.0, 10.0.0.0",
                "255.255.255.255, 255.255.255.0",
                "' 8.8.4.4 ', 8.8.4.0",
                "2001:db8:85a3:8d3:1319:8a2e:370:7348, 2001:db8:85a3::",
                "2001:0DB8:0000:0042::1, 2001:db8:0::",
                "::1, 0:0:0::",
                "fe80::1ff:fe23:4567:890a, fe80:0:0::",
                "::ffff:192.0.2.128, 192.0.2.0",
                "example.com, NULL",
                "not an ip, NULL",
                "999.1.1.1, NULL",
                "NULL, NULL"
            })
    void generalisesToSlash24AndSlash48(String ip, String expected) {
        assertThat(IpGeneraliser.generalise(ip)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"192.168.17.0, true", "192.168.17.1, false", "2001:db8:85a3::, true", "2001:db8:85a3::1, false"})
    void recognisesGeneralisedAddresses(String ip, boolean generalised) {
        assertThat(IpGeneraliser.isGeneralised(ip)).isEqualTo(generalised);
    }
}
