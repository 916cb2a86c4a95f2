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
import org.dsr.request.validation.IdentifierRules;

/**
 * Per-type format checks on an identifier's value ({@link IdentifierRules}), reported on its {@code value} field:
 * EMAIL, PHONE (E.164), SE_PERSONNUMMER (date and Luhn check digit), DK_CPR (date), lengths for the others.
 */
@Documented
@Constraint(validatedBy = WellFormedIdentifier.Validator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface WellFormedIdentifier {

    int MAX_LENGTH = IdentifierRules.MAX_LENGTH;

    String message() default "is not a well-formed identifier of its type";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<WellFormedIdentifier, SubmitRequest.IdentifierInput> {

        @Override
        public boolean isValid(SubmitRequest.IdentifierInput input, ConstraintValidatorContext context) {
            if (input == null) {
                return true;
            }
            String message = IdentifierRules.check(input.type(), input.value());
            if (message == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(
                            message.replace("{", "(").replace("}", ")"))
                    .addPropertyNode("value")
                    .addConstraintViolation();
            return false;
        }
    }
}
