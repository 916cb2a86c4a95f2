package org.dsr.adapter.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.dsr.adapter.kit.sample.Personnummer;
import org.dsr.adapter.kit.sample.SamplePerson;
import org.dsr.adapter.kit.sample.SamplePopulation;
import org.dsr.adapter.kit.sample.SampleSubjects;
import org.dsr.adapter.kit.sql.SqlArrays;
import org.junit.jupiter.api.Test;

class SampleDataTest {

    @Test
    void personnummerHasLuhnCheckDigit() {
        assertThat(SampleSubjects.ALICE.personnummer()).isEqualTo("199001010017");
        assertThat(Personnummer.isValid("199001010017")).isTrue();
        assertThat(Personnummer.isValid("199001010018")).isFalse();
        SampleSubjects.ALL.stream()
                .map(SamplePerson::personnummer)
                .filter(p -> p != null)
                .forEach(p -> assertThat(Personnummer.isValid(p)).as(p).isTrue());
    }

    @Test
    void populationIsReproducibleAndUnique() {
        SamplePopulation a = SamplePopulation.generate(300, 7);
        SamplePopulation b = SamplePopulation.generate(300, 7);
        assertThat(a.people()).hasSize(305).isEqualTo(b.people());
        assertThat(new HashSet<>(a.people().stream().map(SamplePerson::email).toList()))
                .hasSize(305);
        assertThat(a.people().stream()
                        .filter(p -> p.personnummer() != null)
                        .allMatch(p -> Personnummer.isValid(p.personnummer())))
                .isTrue();
        assertThat(a.people().stream().allMatch(p -> p.email().matches("[a-z0-9.]+@[a-z.]+")))
                .isTrue();
    }

    @Test
    void aLargePopulationGivesEveryoneTheirOwnIdentifiers() throws Exception {
        // drawn at random, personnummer (birth date x 1,000 serials) used to repeat from about 10,000 people on
        List<SamplePerson> people = SamplePopulation.generate(40_000, 7).people();
        for (var identifier : List.<java.util.function.Function<SamplePerson, String>>of(
                SamplePerson::personnummer, SamplePerson::cpr, SamplePerson::phone, SamplePerson::email)) {
            List<String> values =
                    people.stream().map(identifier).filter(v -> v != null).toList();
            assertThat(new HashSet<>(values)).hasSameSizeAs(values);
        }
        assertThat(people.stream()
                        .filter(p -> p.personnummer() != null)
                        .allMatch(p -> Personnummer.isValid(p.personnummer())))
                .isTrue();
        assertThat(people.stream()
                        .filter(p -> p.cpr() != null)
                        .allMatch(p -> p.cpr().matches("\\d{10}")))
                .isTrue();
        // valid for their country (libphonenumber, as request-service checks a PHONE identifier) and in E.164
        PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
        for (SamplePerson p : people) {
            var number = phones.parse(p.phone(), "ZZ");
            assertThat(phones.isValidNumber(number)).as("person %d", p.number()).isTrue();
            assertThat(phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    .isEqualTo(p.phone());
            assertThat(phones.getRegionCodeForNumber(number))
                    .isEqualTo(p.jurisdiction().name());
        }
    }

    @Test
    void arrayLiteralsEscape() {
        assertThat(SqlArrays.text(List.of("a", "b\"c", "d\\e"))).isEqualTo("{\"a\",\"b\\\"c\",\"d\\\\e\"}");
        assertThat(SqlArrays.of(List.of(1L, 2L))).isEqualTo("{1,2}");
        assertThat(SqlArrays.of(List.of())).isEqualTo("{}");
    }
}
