package org.dsr.adapter.kit.sample;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import net.datafaker.Faker;
import org.dsr.contracts.event.Jurisdiction;

/**
 * The people of the sample data: the fixed {@link SampleSubjects} plus generated Swedish and Danish people, the same
 * for every adapter (fixed seed), so that one person appears with the same identifiers in every store.
 */
public final class SamplePopulation {

    /** Swedish mobile numbers are 07x xxx xx xx; four of the x libphonenumber knows as mobile ranges. */
    private static final int[] SE_MOBILE = {0, 2, 3, 6};

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /** Unassigned numbers are skipped in steps of this many (Denmark leaves 2x0x xxxx unassigned). */
    private static final long UNASSIGNED_BLOCK = 100_000;

    private final List<SamplePerson> people;
    private final long seed;

    private SamplePopulation(List<SamplePerson> people, long seed) {
        this.people = people;
        this.seed = seed;
    }

    public List<SamplePerson> people() {
        return people;
    }

    /** A random source for one adapter's own details (sessions, events...), reproducible per adapter. */
    public Random random(String adapter) {
        return new Random(seed * 31 + adapter.hashCode());
    }

    /** A faker for one adapter's own details, reproducible per adapter. */
    public Faker faker(String adapter, Jurisdiction jurisdiction) {
        return new Faker(locale(jurisdiction), random(adapter + "/" + jurisdiction));
    }

    public static SamplePopulation generate(int count, long seed) {
        List<SamplePerson> people = new ArrayList<>(SampleSubjects.ALL);
        Random random = new Random(seed);
        Faker se = new Faker(locale(Jurisdiction.SE), new Random(seed + 1));
        Faker dk = new Faker(locale(Jurisdiction.DK), new Random(seed + 2));
        // Drawn numbers collide from about ten thousand people on (birth dates x three-digit serials); a person's
        // identifiers must be theirs alone (hosting's personnummer is unique, and an erasure of one person must not
        // match another), so a taken number moves to the next free one without drawing again: smaller populations
        // stay exactly as they were.
        Set<String> taken = new HashSet<>();
        for (SamplePerson fixed : people) {
            taken.add(fixed.phone());
            taken.add(fixed.personnummer());
            taken.add(fixed.cpr());
        }
        for (int i = 0; i < count; i++) {
            int number = 100 + i;
            boolean danish = random.nextInt(3) == 0;
            Faker faker = danish ? dk : se;
            String first = faker.name().firstName();
            String last = faker.name().lastName();
            LocalDate born = LocalDate.of(1950, 1, 1).plusDays(random.nextInt(365 * 55));
            String email = (ascii(first) + "." + ascii(last) + "." + number + "@"
                            + (danish ? "example.dk" : "example.se"))
                    .toLowerCase(Locale.ROOT);
            String phone = danish
                    ? firstValid(taken, "+45", danishMobile(20_000_000 + random.nextInt(9_999_999)))
                    : firstValid(taken, "+467" + SE_MOBILE[random.nextInt(4)], 1_000_000 + random.nextInt(8_999_999));
            boolean customer = random.nextInt(10) < 7;
            List<Integer> years = new ArrayList<>();
            if (customer) {
                for (int year = 2021; year <= 2025; year++) {
                    if (random.nextInt(3) > 0) {
                        years.add(year);
                    }
                }
            }
            String personnummer = danish ? null : firstFree(taken, born, random.nextInt(1000), 1000, Personnummer::of);
            String cpr = danish ? firstFree(taken, born, random.nextInt(10_000), 10_000, SamplePopulation::cpr) : null;
            people.add(new SamplePerson(
                    number,
                    first,
                    last,
                    email,
                    danish ? Jurisdiction.DK : Jurisdiction.SE,
                    personnummer,
                    cpr,
                    phone,
                    faker.address().streetAddress(),
                    faker.address().zipCode(),
                    faker.address().city(),
                    "u-" + (10_000 + number),
                    customer ? "C-" + (10_000 + number) : null,
                    List.copyOf(years),
                    false));
        }
        return new SamplePopulation(List.copyOf(people), seed);
    }

    static Locale locale(Jurisdiction jurisdiction) {
        return jurisdiction == Jurisdiction.DK ? Locale.forLanguageTag("da-DK") : Locale.forLanguageTag("sv-SE");
    }

    /**
     * The phone number {@code prefix + subscriber}, or, if it is not a valid number of its country (libphonenumber's
     * metadata, the check request-service applies to a PHONE identifier) or someone has it, the next one that is
     * valid and free; in E.164, taken as it is returned.
     */
    private static String firstValid(Set<String> taken, String prefix, long subscriber) {
        for (long n = subscriber; ; ) {
            String candidate = prefix + n;
            if (!isValidPhone(candidate)) {
                n = (n / UNASSIGNED_BLOCK + 1) * UNASSIGNED_BLOCK; // the rest of its block is unassigned too
            } else if (taken.add(candidate)) {
                return candidate;
            } else {
                n++;
            }
        }
    }

    /** Danish 2x0x xxxx numbers are unassigned for most x: a drawn number moves to the block after. */
    private static long danishMobile(long drawn) {
        return (drawn / UNASSIGNED_BLOCK) % 10 == 0 ? drawn + UNASSIGNED_BLOCK : drawn;
    }

    /** Whether an E.164 string is a valid number of its country, as request-service's validation decides. */
    static boolean isValidPhone(String e164) {
        try {
            Phonenumber.PhoneNumber number = PHONES.parse(e164, "ZZ");
            return PHONES.isValidNumber(number)
                    && e164.equals(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return false;
        }
    }

    /**
     * The number for this birth date and serial, or, if someone has it, the next serial (then the next day) that is
     * free; taken as it is returned.
     */
    private static String firstFree(
            Set<String> taken, LocalDate born, int serial, int serials, BiFunction<LocalDate, Integer, String> number) {
        LocalDate day = born;
        for (int tries = 0; ; tries++) {
            if (tries == serials) {
                day = day.plusDays(1);
                tries = 0;
            }
            String candidate = number.apply(day, (serial + tries) % serials);
            if (taken.add(candidate)) {
                return candidate;
            }
        }
    }

    private static String cpr(LocalDate born, int serial) {
        return String.format(
                "%02d%02d%02d%04d", born.getDayOfMonth(), born.getMonthValue(), born.getYear() % 100, serial);
    }

    private static String ascii(String name) {
        String stripped = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return stripped.replace("ø", "o")
                .replace("Ø", "O")
                .replace("æ", "ae")
                .replace("Æ", "Ae")
                .replaceAll("[^A-Za-z]", "");
    }
}
