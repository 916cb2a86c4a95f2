package org.dsr.adapter.kit.sample;

import java.time.LocalDate;
import java.util.List;
import org.dsr.contracts.event.Jurisdiction;

/**
 * The fixed, known subjects present in every store (Erik has no payments customer). The demo and the system tests
 * erase them by these identifiers; {@link #CARL} is the control subject no test erases.
 */
public final class SampleSubjects {

    public static final SamplePerson ALICE = new SamplePerson(
            1,
            "Alice",
            "Andersson",
            "alice@example.com",
            Jurisdiction.SE,
            Personnummer.of(LocalDate.of(1990, 1, 1), 1),
            null,
            "+46701234567",
            "Storgatan 1",
            "111 22",
            "Stockholm",
            "u-1001",
            "C-1001",
            List.of(2024, 2025),
            true);

    public static final SamplePerson BJORN = new SamplePerson(
            2,
            "Björn",
            "Lindqvist",
            "bjorn.lindqvist@example.se",
            Jurisdiction.SE,
            Personnummer.of(LocalDate.of(1985, 3, 12), 123),
            null,
            "+46709876543",
            "Kungsgatan 12",
            "411 19",
            "Göteborg",
            "u-1002",
            "C-1002",
            List.of(2025),
            true);

    public static final SamplePerson FREJA = new SamplePerson(
            3,
            "Freja",
            "Nielsen",
            "freja.nielsen@example.dk",
            Jurisdiction.DK,
            null,
            "1207884562",
            "+4520123456",
            "Nørrebrogade 45",
            "2200",
            "København N",
            "u-2001",
            "C-2001",
            List.of(2023, 2025),
            true);

    /** No payments customer at all: his erasure retains nothing in payments. */
    public static final SamplePerson ERIK = new SamplePerson(
            4,
            "Erik",
            "Berg",
            "erik.berg@example.se",
            Jurisdiction.SE,
            Personnummer.of(LocalDate.of(1978, 9, 23), 456),
            null,
            "+46731112233",
            "Ågatan 3",
            "582 22",
            "Linköping",
            "u-1003",
            null,
            List.of(),
            true);

    /** The control subject: never erased by tests, its rows must stay untouched. */
    public static final SamplePerson CARL = new SamplePerson(
            5,
            "Carl",
            "Control",
            "carl.control@example.com",
            Jurisdiction.SE,
            Personnummer.of(LocalDate.of(1970, 5, 5), 789),
            null,
            "+46705556677",
            "Drottninggatan 9",
            "252 21",
            "Helsingborg",
            "u-9001",
            "C-9001",
            List.of(2024, 2025),
            true);

    public static final List<SamplePerson> ALL = List.of(ALICE, BJORN, FREJA, ERIK, CARL);

    private SampleSubjects() {}
}
