package io.thespis.actor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that an actor class may only run on a system whose capability {@code value} is present and truthy:
 * {@code Boolean.TRUE}, a non-zero number, or a non-empty string, collection or map. With {@link #equalTo()}
 * the capability's string form must equal it instead; with {@link #atLeast()} it must be a number at least that.
 *
 * <pre>{@code
 * @RequireCapability("Has DB access")
 * @RequireCapability(value = "zone", equalTo = "eu-west")
 * @RequireCapability(value = "gpus", atLeast = 2)
 * public class Trainer extends Actor { ... }
 * }</pre>
 *
 * <p>Repeatable and inherited from superclasses; all must hold, together with the class's optional
 * {@code actorSystemCapabilityCheck}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(RequireCapability.List.class)
public @interface RequireCapability {
    /** The capability name, e.g. {@code "Has DB access"}. */
    String value();

    /** When not empty, the capability's string form must equal this (e.g. {@code "eu-west"}). */
    String equalTo() default "";

    /** When set, the capability must be a number (or numeric string) at least this; unset is NaN. */
    double atLeast() default Double.NaN;

    /** The container of repeated {@link RequireCapability} annotations; written by the compiler. */
    @Documented
    @Inherited
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface List {
        /** The repeated annotations. */
        RequireCapability[] value();
    }
}
