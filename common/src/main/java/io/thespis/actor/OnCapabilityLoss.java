package io.thespis.actor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says what happens to the running actors of the annotated class when their system stops meeting the class's
 * requirements ({@link RequireCapability}, {@code actorSystemCapabilityCheck}) after a capability changes. Without
 * it they are stopped ({@link CapabilityLoss#STOP}).
 *
 * <pre>{@code
 * @RequireCapability("Has DB access")
 * @OnCapabilityLoss(CapabilityLoss.KEEP) // keeps its cache and serves reads while the database is away
 * public class CustomerCache extends Actor { ... }
 * }</pre>
 *
 * <p>Inherited by subclasses, which may declare their own.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OnCapabilityLoss {
    /** What happens to the running actors. */
    CapabilityLoss value();
}
