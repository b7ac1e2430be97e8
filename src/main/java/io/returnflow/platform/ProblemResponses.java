package io.returnflow.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problems an endpoint answers besides those of its role check (401, 403) and a bug (500): written into the
 * OpenAPI document as its {@code application/problem+json} responses, one per status, with an example of each
 * problem type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ProblemResponses {

    ProblemType[] value();
}
