package org.dsr.request.validation;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;

/**
 * Per-type checks and canonical forms of identifiers. Every message says what is wrong in words that never quote
 * the value (it is personal data).
 */
public final class IdentifierRules {

    public static final int MAX_LENGTH = 320;
    public static final int MAX_EMAIL_LENGTH = 254;
    public static final int MAX_ID_LENGTH = 128;

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private IdentifierRules() {}

    /** @return why the value is wrong, never quoting it; null when it is fine */
    public static String check(IdentifierType type, String raw) {
        if (type == null || raw == null || raw.isBlank()) {
            return null; // @NotNull / @NotBlank report these
        }
        String value = raw.strip();
        if (value.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return "must not contain control characters";
        }
        return switch (type) {
            case EMAIL -> email(value);
            case USER_ID, CUSTOMER_NUMBER ->
                value.length() > MAX_ID_LENGTH ? "must be at most " + MAX_ID_LENGTH + " characters" : null;
            case PHONE -> phone(value);
            case SE_PERSONNUMMER ->
                personnummer(value) == null
                        ? "must be a Swedish personnummer (YYMMDD-NNNC, YYMMDD+NNNC or YYYYMMDDNNNC) with a valid date"
                                + " and check digit"
                        : null;
            case DK_CPR -> cpr(value) == null ? "must be a Danish CPR number (DDMMYY-SSSS) with a valid date" : null;
        };
    }

    /**
     * The canonical identifier: the contract's normalisation after the per-type canonical form (a 10-digit
     * personnummer becomes 12 digits, a phone number E.164), so that every way of writing one identifier gives one
     * pseudonym. Only for values that passed {@link #check}.
     */
    public static Identifier canonical(IdentifierType type, String raw) {
        String value = raw.strip();
        String canonical = switch (type) {
            case SE_PERSONNUMMER -> {
                String twelve = personnummer(value);
                yield twelve == null ? value : twelve;
            }
            case PHONE -> {
                String e164 = e164(value);
                yield e164 == null ? value : e164;
            }
            default -> value;
        };
        return new Identifier(type, canonical).normalised();
    }

    static String email(String value) {
        if (value.length() > MAX_EMAIL_LENGTH) {
            return "must be an email address of at most " + MAX_EMAIL_LENGTH + " characters";
        }
        int at = value.lastIndexOf('@');
        if (at <= 0
                || at == value.length() - 1
                || value.indexOf('@') != at
                || value.chars().anyMatch(Character::isWhitespace)) {
            return "must be an email address (local-part@domain)";
        }
        String domain = value.substring(at + 1);
        if (domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) {
            return "must be an email address (local-part@domain)";
        }
        return null;
    }

    static String phone(String value) {
        String compact = IdentifierType.PHONE.normalise(value);
        if (!compact.startsWith("+")) {
            return "must be a phone number in E.164 format: + and the country code (or 00 and the country code)";
        }
        return e164(value) == null ? "must be a valid phone number in E.164 format (+ country code and number)" : null;
    }

    /** @return the E.164 form, or null when it is not a valid international number */
    static String e164(String value) {
        String compact = IdentifierType.PHONE.normalise(value);
        if (!compact.matches("\\+[0-9]{2,17}")) {
            return null;
        }
        try {
            Phonenumber.PhoneNumber number = PHONES.parse(compact, "ZZ");
            return PHONES.isValidNumber(number) ? PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    /**
     * A Swedish personnummer (or samordningsnummer, day + 60) as 12 digits, or null. Accepts YYMMDD-NNNC,
     * YYMMDD+NNNC (100 years or older), YYMMDDNNNC, YYYYMMDDNNNC and YYYYMMDD-NNNC. The check digit is the Luhn
     * digit of the 10-digit form.
     */
    public static String personnummer(String value) {
        String v = value.replaceAll("\\s", "");
        String digits;
        int century;
        if (v.matches("[0-9]{8}-?[0-9]{4}")) {
            digits = v.replace("-", "");
            century = Integer.parseInt(digits.substring(0, 2));
            digits = digits.substring(2);
        } else if (v.matches("[0-9]{6}[-+]?[0-9]{4}")) {
            boolean hundred = v.indexOf('+') >= 0;
            digits = v.replaceAll("[-+]", "");
            int yy = Integer.parseInt(digits.substring(0, 2));
            int thisYear = LocalDate.now(ZoneOffset.UTC).getYear();
            int year = thisYear - Math.floorMod(thisYear - yy, 100); // the latest year ending in yy, not later
            if (hundred) {
                year -= 100;
            }
            century = year / 100;
        } else {
            return null;
        }
        int year = century * 100 + Integer.parseInt(digits.substring(0, 2));
        int month = Integer.parseInt(digits.substring(2, 4));
        int day = Integer.parseInt(digits.substring(4, 6));
        if (day > 60) {
            day -= 60; // samordningsnummer
        }
        if (!validDate(year, month, day) || !luhn(digits)) {
            return null;
        }
        return String.format("%02d", century) + digits;
    }

    /** A Danish CPR number as 10 digits, or null. The century follows the 7th digit (CPR's own table). */
    public static String cpr(String value) {
        String v = value.replaceAll("\\s", "");
        if (!v.matches("[0-9]{6}-?[0-9]{4}")) {
            return null;
        }
        String digits = v.replace("-", "");
        int day = Integer.parseInt(digits.substring(0, 2));
        int month = Integer.parseInt(digits.substring(2, 4));
        int yy = Integer.parseInt(digits.substring(4, 6));
        int seventh = digits.charAt(6) - '0';
        int century;
        if (seventh <= 3) {
            century = 1900;
        } else if (seventh == 4 || seventh == 9) {
            century = yy <= 36 ? 2000 : 1900;
        } else {
            century = yy <= 57 ? 2000 : 1800;
        }
        return validDate(century + yy, month, day) ? digits : null;
    }

    static boolean luhn(String tenDigits) {
        int sum = 0;
        for (int i = 0; i < tenDigits.length(); i++) {
            int d = tenDigits.charAt(i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    private static boolean validDate(int year, int month, int day) {
        try {
            LocalDate.of(year, month, day);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
