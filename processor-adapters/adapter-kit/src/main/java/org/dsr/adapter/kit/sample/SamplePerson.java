package org.dsr.adapter.kit.sample;

import java.util.List;
import org.dsr.contracts.event.Jurisdiction;

/**
 * A person in the sample data every adapter loads, so that the four stores describe the same people.
 *
 * @param email normalised (lower case)
 * @param personnummer normalised 12 digits, SE only
 * @param cpr normalised 10 digits, DK only
 * @param phone E.164
 * @param customerNumber null when the person is not a payments customer
 * @param invoiceYears fiscal years (calendar years) the person has invoices for; empty for none
 */
public record SamplePerson(
        int number,
        String firstName,
        String lastName,
        String email,
        Jurisdiction jurisdiction,
        String personnummer,
        String cpr,
        String phone,
        String street,
        String postalCode,
        String city,
        String userId,
        String customerNumber,
        List<Integer> invoiceYears,
        boolean fixed) {

    public String fullName() {
        return firstName + " " + lastName;
    }

    public String address() {
        return street + ", " + postalCode + " " + city;
    }

    public boolean isCustomer() {
        return customerNumber != null;
    }
}
