package io.thespis.internal.rules;

import io.thespis.actor.InvalidActorSpecification;
import io.thespis.actor.RequireCapability;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an actor class requires of the system that hosts it: its {@link RequireCapability} annotations and its
 * optional static {@code actorSystemCapabilityCheck}. Read once per class and cached, so a decision costs no
 * reflection. This is the one implementation of the rules, used by every base and by placement.
 */
public final class ActorRequirements {
    /** The name of the optional check method. */
    public static final String CHECK_METHOD = "actorSystemCapabilityCheck";
    /** The check method's required form, quoted in errors. */
    public static final String CHECK_SIGNATURE = "public static boolean " + CHECK_METHOD
            + "(Map<String,Object> capabilities, Map<String,Object> requirements)";

    private static final ClassValue<ActorRequirements> CACHE = new ClassValue<>() {
        @Override
        protected ActorRequirements computeValue(Class<?> type) {
            return new ActorRequirements(type);
        }
    };

    private final List<String> requiredCapabilities;
    private final MethodHandle check;

    private ActorRequirements(Class<?> actorClass) {
        this.requiredCapabilities = readRequiredCapabilities(actorClass);
        this.check = findCheckMethod(actorClass);
    }

    /**
     * The requirements of {@code actorClass}.
     *
     * @throws InvalidActorSpecification when the class declares a malformed check method
     */
    public static ActorRequirements of(Class<?> actorClass) {
        return CACHE.get(actorClass);
    }

    /** The capability names that must be present and truthy, in declaration order, superclasses first. */
    public List<String> requiredCapabilities() {
        return requiredCapabilities;
    }

    /** Whether the class has an {@code actorSystemCapabilityCheck} method. */
    public boolean hasCheckMethod() {
        return check != null;
    }

    /**
     * Decides whether a system with {@code capabilities} may host the class, given the creator's
     * {@code requirements}. Never throws: an exception from the check method is a refusal naming it.
     */
    public Verdict evaluate(Map<String, Object> capabilities, Map<String, Object> requirements) {
        for (String name : requiredCapabilities) {
            Object value = capabilities.get(name);
            if (value == null) {
                return Verdict.refused("lack \"" + name + "\"");
            }
            if (!Truthiness.isTruthy(value)) {
                return Verdict.refused("have \"" + name + "\"=" + value + " (wanted a true value)");
            }
        }
        if (check == null) {
            return Verdict.ELIGIBLE;
        }
        try {
            boolean accepted = (boolean) check.invokeExact(capabilities, requirements);
            return accepted ? Verdict.ELIGIBLE : Verdict.refused(CHECK_METHOD + " returned false");
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            return Verdict.refused(CHECK_METHOD + " threw " + t.getClass().getSimpleName()
                    + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        }
    }

    private static List<String> readRequiredCapabilities(Class<?> actorClass) {
        List<Class<?>> lineage = new ArrayList<>();
        for (Class<?> c = actorClass; c != null; c = c.getSuperclass()) {
            lineage.add(0, c);
        }
        Set<String> names = new LinkedHashSet<>();
        for (Class<?> c : lineage) {
            for (RequireCapability requirement : c.getDeclaredAnnotationsByType(RequireCapability.class)) {
                names.add(requirement.value());
            }
        }
        return List.copyOf(names);
    }

    private static MethodHandle findCheckMethod(Class<?> actorClass) {
        for (Class<?> c = actorClass; c != null; c = c.getSuperclass()) {
            Method found = null;
            for (Method method : c.getDeclaredMethods()) {
                if (!method.getName().equals(CHECK_METHOD)) {
                    continue;
                }
                if (!isWellFormed(method) || found != null) {
                    throw new InvalidActorSpecification(actorClass.getName() + " declares " + describe(method)
                            + " but the capability check must be exactly: " + CHECK_SIGNATURE);
                }
                found = method;
            }
            if (found != null) {
                return unreflect(actorClass, found);
            }
        }
        return null;
    }

    private static boolean isWellFormed(Method method) {
        int modifiers = method.getModifiers();
        Class<?>[] parameters = method.getParameterTypes();
        return Modifier.isStatic(modifiers) && Modifier.isPublic(modifiers)
                && method.getReturnType() == boolean.class
                && parameters.length == 2 && parameters[0] == Map.class && parameters[1] == Map.class;
    }

    private static String describe(Method method) {
        StringBuilder text = new StringBuilder(Modifier.toString(method.getModifiers()));
        text.append(text.length() > 0 ? " " : "").append(method.getReturnType().getSimpleName())
                .append(' ').append(method.getName()).append('(');
        Class<?>[] parameters = method.getParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            text.append(i > 0 ? ", " : "").append(parameters[i].getSimpleName());
        }
        return text.append(')').toString();
    }

    private static MethodHandle unreflect(Class<?> actorClass, Method method) {
        try {
            method.setAccessible(true);
            return MethodHandles.lookup().unreflect(method)
                    .asType(java.lang.invoke.MethodType.methodType(boolean.class, Map.class, Map.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new InvalidActorSpecification(actorClass.getName() + ": cannot call its " + CHECK_METHOD
                    + ": " + e.getMessage(), e);
        }
    }
}
