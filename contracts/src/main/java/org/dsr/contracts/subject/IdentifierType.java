package org.dsr.contracts.subject;

import java.util.Locale;

/** How a data subject is identified. Normalisation makes equal identifiers produce equal pseudonyms. */
public enum IdentifierType {
    EMAIL {
        @Override
        public String normalise(String value) {
            return value.strip().toLowerCase(Locale.ROOT);
        }
    },
    USER_ID {
        @Override
        public String normalise(String value) {
            return value.strip();
        }
    },
    CUSTOMER_NUMBER {
        @Override
        public String normalise(String value) {
            return value.strip().toUpperCase(Locale.ROOT);
        }
    },
    /** E.164: a plus sign and digits only. */
    PHONE {
        @Override
        public String normalise(String value) {
            String digits = value.replaceAll("[\\s\\-().]", "");
            return digits.startsWith("00") ? "+" + digits.substring(2) : digits;
        }
    },
    /** Swedish personal identity number, normalised to 12 digits (YYYYMMDDNNNC). */
    SE_PERSONNUMMER {
        @Override
        public String normalise(String value) {
            return value.replaceAll("[\\s\\-+]", "");
        }
    },
    /** Danish CPR number, normalised to 10 digits (DDMMYYSSSS). */
    DK_CPR {
        @Override
        public String normalise(String value) {
            return value.replaceAll("[\\s\\-]", "");
        }
    };

    public abstract String normalise(String value);
}
