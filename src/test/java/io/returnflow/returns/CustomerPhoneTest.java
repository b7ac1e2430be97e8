package io.returnflow.returns;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The buyer's phone number on a return and on a return link (the same record): written as people write numbers,
 * with blanks and dashes, but with digits enough for an SMS provider to take it.
 */
class CustomerPhoneTest {

    private static final ValidatorFactory factory = Validation.buildDefaultValidatorFactory();
    private static final Validator validator = factory.getValidator();

    @AfterAll
    static void close() {
        factory.close();
    }

    @Test
    void numbersAsBuyersWriteThemAreTaken() {
        for (String phone : new String[] {"13800000000", "+86 138 0000 0000", "0755-26000099", "138 0013-8000",
                "+8613800138000", "12345", null}) {
            assertThat(validator.validate(customer(phone))).as(phone).isEmpty();
        }
    }

    @Test
    void aNumberWithoutDigitsEnoughIsRefusedNamingThePhone() {
        for (String phone : new String[] {"-----", "+ - - - -", "     ", "1-2-3-4", "+1234", "12345678901234567890x",
                "1".repeat(21)}) {
            assertThat(validator.validate(customer(phone))).as(phone).singleElement()
                    .satisfies(v -> assertThat(v.getPropertyPath().toString()).isEqualTo("phone"));
        }
    }

    private static ReturnRequest.Customer customer(String phone) {
        return new ReturnRequest.Customer("C-1", "张三", phone, "zs@example.com", null, null);
    }
}
