package org.dsr.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.dsr.contracts.subject.IdentifierType;
import org.dsr.request.validation.IdentifierRules;
import org.junit.jupiter.api.Test;

class IdentifierRulesTest {

    @Test
    void personnummerTenAndTwelveDigitsWithSeparatorsAndLuhn() {
        for (String ok : new String[] {
            "121212-1212", "1212121212", "191212121212", "19121212-1212", "121212+1212", "811218-9876", "811278-9873"
        }) {
            assertThat(IdentifierRules.check(IdentifierType.SE_PERSONNUMMER, ok))
                    .as(ok)
                    .isNull();
        }
        assertThat(IdentifierRules.personnummer("191212121212")).isEqualTo("191212121212");
        assertThat(IdentifierRules.personnummer("121212-1212")).isEqualTo("201212121212");
        assertThat(IdentifierRules.personnummer("121212+1212")).isEqualTo("191212121212");
        // the same person written three ways gives one canonical value (and so one pseudonym)
        assertThat(IdentifierRules.canonical(IdentifierType.SE_PERSONNUMMER, "19121212-1212")
                        .value())
                .isEqualTo(IdentifierRules.canonical(IdentifierType.SE_PERSONNUMMER, "121212+1212")
                        .value());
        for (String bad : new String[] {
            "121212-1213",
            "121312-1212",
            "19121232-1212",
            "12121-21212",
            "abcdefghij",
            "1212121212121",
            "121212--1212",
            "001300-0000"
        }) {
            assertThat(IdentifierRules.check(IdentifierType.SE_PERSONNUMMER, bad))
                    .as(bad)
                    .isNotNull()
                    .doesNotContain(bad);
        }
    }

    @Test
    void cprHasTenDigitsAndAValidDate() {
        for (String ok : new String[] {"010190-1234", "0101901234", "290200-4321", "311299-0001"}) {
            assertThat(IdentifierRules.check(IdentifierType.DK_CPR, ok)).as(ok).isNull();
        }
        // 29 Feb 1900 (7th digit 0: 1900s) does not exist; 29 Feb 2000 (7th digit 4, yy 00: 2000s) does
        assertThat(IdentifierRules.cpr("290200-0123")).isNull();
        assertThat(IdentifierRules.cpr("290200-4123")).isEqualTo("2902004123");
        for (String bad : new String[] {"320190-1234", "011390-1234", "010190-123", "01019O-1234", "010190/1234"}) {
            assertThat(IdentifierRules.check(IdentifierType.DK_CPR, bad))
                    .as(bad)
                    .isNotNull();
        }
    }

    @Test
    void phoneMustBeValidE164() {
        assertThat(IdentifierRules.check(IdentifierType.PHONE, "+46 70 123 45 67"))
                .isNull();
        assertThat(IdentifierRules.check(IdentifierType.PHONE, "0046701234567")).isNull();
        assertThat(IdentifierRules.canonical(IdentifierType.PHONE, "0046 (70) 123-45-67")
                        .value())
                .isEqualTo("+46701234567");
        assertThat(IdentifierRules.check(IdentifierType.PHONE, "070-123 45 67")).contains("E.164");
        assertThat(IdentifierRules.check(IdentifierType.PHONE, "+46 1")).contains("E.164");
        assertThat(IdentifierRules.check(IdentifierType.PHONE, "+999 123456789"))
                .isNotNull();
        assertThat(IdentifierRules.check(IdentifierType.PHONE, "+46abc")).isNotNull();
    }

    @Test
    void emailAndIds() {
        assertThat(IdentifierRules.check(IdentifierType.EMAIL, "a@b.se")).isNull();
        assertThat(IdentifierRules.check(IdentifierType.EMAIL, "a@@b.se")).isNotNull();
        assertThat(IdentifierRules.check(IdentifierType.EMAIL, "a@b..se")).isNotNull();
        assertThat(IdentifierRules.check(IdentifierType.USER_ID, "u-1")).isNull();
        assertThat(IdentifierRules.check(IdentifierType.USER_ID, "x".repeat(129)))
                .isNotNull();
        assertThat(IdentifierRules.check(IdentifierType.CUSTOMER_NUMBER, "C-1\u0000"))
                .isNotNull();
    }
}
