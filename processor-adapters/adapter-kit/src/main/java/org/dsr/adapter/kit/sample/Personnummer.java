package org.dsr.adapter.kit.sample;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** Swedish personal identity numbers with a valid Luhn check digit, normalised to 12 digits (YYYYMMDDNNNC). */
public final class Personnummer {

    private Personnummer() {}

    public static String of(LocalDate birthDate, int serial) {
        if (serial < 0 || serial > 999) {
            throw new IllegalArgumentException("serial is three digits");
        }
        String body = birthDate.format(DateTimeFormatter.BASIC_ISO_DATE).substring(2) + String.format("%03d", serial);
        return birthDate.format(DateTimeFormatter.ofPattern("yyyy")).substring(0, 2) + body + checkDigit(body);
    }

    /** Luhn over the nine digits YYMMDDNNN, weights 2,1,2,... */
    public static int checkDigit(String nineDigits) {
        int sum = 0;
        for (int i = 0; i < nineDigits.length(); i++) {
            int d = (nineDigits.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }
        return (10 - sum % 10) % 10;
    }

    public static boolean isValid(String twelveDigits) {
        return twelveDigits.matches("\\d{12}")
                && checkDigit(twelveDigits.substring(2, 11)) == twelveDigits.charAt(11) - '0';
    }
}
