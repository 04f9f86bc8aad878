package io.thespis.internal.engine;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorSystemException;
import io.thespis.actor.InvalidActorSpecification;
import io.thespis.internal.source.SourceClassLoader;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/**
 * How to make instances of one actor class: checked once per class (a concrete {@link Actor} subclass with a
 * no-argument constructor) and cached.
 */
final class ActorClass {
    private static final ClassValue<ActorClass> CACHE = new ClassValue<>() {
        @Override
        protected ActorClass computeValue(Class<?> type) {
            return new ActorClass(type);
        }
    };

    private final Class<? extends Actor> type;
    private final Constructor<? extends Actor> constructor;

    private ActorClass(Class<?> candidate) {
        if (!Actor.class.isAssignableFrom(candidate)) {
            throw new InvalidActorSpecification(candidate.getName() + " is not an actor: it must extend "
                    + Actor.class.getName());
        }
        if (Modifier.isAbstract(candidate.getModifiers())) {
            throw new InvalidActorSpecification(candidate.getName() + " is abstract; createActor needs a concrete class");
        }
        this.type = candidate.asSubclass(Actor.class);
        try {
            this.constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new InvalidActorSpecification(candidate.getName() + " needs a no-argument constructor"
                    + (candidate.isMemberClass() && !Modifier.isStatic(candidate.getModifiers())
                    ? " (a nested actor class must be static)" : ""), e);
        } catch (RuntimeException e) {
            throw new InvalidActorSpecification(candidate.getName() + ": its constructor is not accessible: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The spec of {@code type}.
     *
     * @throws InvalidActorSpecification when it cannot be an actor
     */
    static ActorClass of(Class<?> type) {
        return CACHE.get(type);
    }

    /**
     * Loads {@code className} with {@code loader}.
     *
     * @throws InvalidActorSpecification when it is not found or cannot be an actor
     */
    static ActorClass named(String className, ClassLoader loader) {
        if (className == null || className.isBlank()) {
            throw new InvalidActorSpecification("actor class name must not be blank, got '" + className + "'");
        }
        try {
            return of(Class.forName(className, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidActorSpecification("actor class " + className + " cannot be loaded: " + e, e);
        }
    }

    Class<? extends Actor> type() {
        return type;
    }

    /** The hash of the loaded source the class comes from, or {@code null} for the classpath. */
    String sourceHash() {
        return type.getClassLoader() instanceof SourceClassLoader source ? source.sourceHash() : null;
    }

    /** A new instance bound to {@code context}; a failing constructor is reported with its cause. */
    Actor instantiate(ActorContext context) {
        return Construction.construct(context, () -> {
            try {
                return constructor.newInstance();
            } catch (InvocationTargetException e) {
                throw new ActorSystemException("the constructor of " + type.getName() + " threw "
                        + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new ActorSystemException("cannot instantiate " + type.getName() + ": " + e, e);
            }
        });
    }
}
