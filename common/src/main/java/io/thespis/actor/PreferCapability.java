package io.thespis.actor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A soft preference: among the systems that qualify, those whose capability {@code value} is truthy (or, with
 * {@link #equalTo()}, equal to it) score {@link #weight()} more, and higher scores are chosen first. Unlike
 * {@link RequireCapability}, a system without it can still host the actor.
 *
 * <pre>{@code
 * @PreferCapability(value = "ssd", weight = 10)
 * public class Indexer extends Actor { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(PreferCapability.List.class)
public @interface PreferCapability {
    /** The capability name. */
    String value();

    /** What a system gains when it has the capability; positive. */
    int weight() default 1;

    /** When not empty, the capability's string form must equal this to count. */
    String equalTo() default "";

    /** The container of repeated {@link PreferCapability} annotations; written by the compiler. */
    @Documented
    @Inherited
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface List {
        /** The repeated annotations. */
        PreferCapability[] value();
    }
}
