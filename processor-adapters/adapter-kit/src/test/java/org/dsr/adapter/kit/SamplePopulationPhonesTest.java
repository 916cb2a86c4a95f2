package org.dsr.adapter.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dsr.adapter.kit.sample.SamplePerson;
import org.dsr.adapter.kit.sample.SamplePopulation;
import org.dsr.adapter.kit.sample.SampleSubjects;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.request.validation.IdentifierRules;
import org.junit.jupiter.api.Test;

/**
 * The sample stores hold people a user must be able to erase by any identifier they hold: every phone number of the
 * sample population passes request-service's validation and is stored in the form request-service makes of it (so
 * the pseudonym and the adapters' match agree).
 */
class SamplePopulationPhonesTest {

    /**
     * dsr.sample-data.seed's default (SampleDataConfig). A population is the prefix of a larger one with the same
     * seed, so 40,000 people cover the demo's 300, the adapters' tests' 1,100 and a bench run's.
     */
    static final long DEFAULT_SEED = 20250101L;

    @Test
    void everySamplePhoneNumberPassesTheRequestServicesValidation() {
        // given the populations the stores load: the default seed (demo, tests, bench), and another seed
        for (long seed : new long[] {DEFAULT_SEED, 7}) {
            List<SamplePerson> people = SamplePopulation.generate(seed == DEFAULT_SEED ? 40_000 : 2_000, seed)
                    .people();
            assertThat(people).containsAll(SampleSubjects.ALL);
            for (SamplePerson person : people) {
                // when the request service checks the phone number
                String problem = IdentifierRules.check(IdentifierType.PHONE, person.phone());
                // then it is accepted, and its canonical form is the stored one
                assertThat(problem)
                        .as("seed %d person %d", seed, person.number())
                        .isNull();
                assertThat(IdentifierRules.canonical(IdentifierType.PHONE, person.phone())
                                .value())
                        .as("seed %d person %d", seed, person.number())
                        .isEqualTo(person.phone());
            }
        }
    }

    @Test
    void thePeopleRequestServicesTestErasesByPhoneAreTheDemosFirstGeneratedOnes() {
        // request-service's RequestIntakeTest#aSamplePersonCanBeErasedByPhone erases these two by phone
        List<SamplePerson> people = SamplePopulation.generate(300, DEFAULT_SEED).people();
        assertThat(people.get(SampleSubjects.ALL.size()))
                .extracting(SamplePerson::number, SamplePerson::jurisdiction, SamplePerson::phone)
                .containsExactly(100, Jurisdiction.SE, "+46708815942");
        assertThat(people.get(SampleSubjects.ALL.size() + 1))
                .extracting(SamplePerson::number, SamplePerson::jurisdiction, SamplePerson::phone)
                .containsExactly(101, Jurisdiction.DK, "+4527156661");
    }
}
