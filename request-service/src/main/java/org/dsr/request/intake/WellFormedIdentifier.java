package org.dsr.request.intake;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.dsr.contracts.subject.IdentifierType;

/**
 * Basic per-type format checks on an identifier's value, reported on its {@code value} field. The walking skeleton
 * checks EMAIL only; full per-type validation (E.164, personnummer Luhn, CPR) comes later, here.
 */
@Documented
@Constraint(validatedBy = WellFormedIdentifier.Validator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface WellFormedIdentifier {

    int MAX_LENGTH = 320;
    int MAX_EMAIL_LENGTH = 254;

    String message() default "is not a well-formed identifier of its type";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<WellFormedIdentifier, SubmitRequest.IdentifierInput> {

        @Override
        public boolean isValid(SubmitRequest.IdentifierInput input, ConstraintValidatorContext context) {
            if (input == null || input.type() == null || input.value() == null || input.value().isBlank()) {
                return true; // @NotNull/@NotBlank report these
            }
            String message = check(input.type(), input.value().strip());
            if (message == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(message).addPropertyNode("value").addConstraintViolation();
            return false;
        }

        /** @return why the value is wrong, in words that never quote it; null when it is fine */
        static String check(IdentifierType type, String value) {
            if (type == IdentifierType.EMAIL) {
                int at = value.lastIndexOf('@');
                if (value.length() > MAX_EMAIL_LENGTH) {
                    return "must be an email address of at most " + MAX_EMAIL_LENGTH + " characters";
                }
                if (at <= 0 || at == value.length() - 1 || value.indexOf('@') != at
                        || value.chars().anyMatch(Character::isWhitespace)) {
                    return "must be an email address (local-part@domain)";
                }
            }
            return null;
        }
    }
}
