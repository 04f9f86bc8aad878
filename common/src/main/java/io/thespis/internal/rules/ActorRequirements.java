package io.thespis.internal.rules;

import io.thespis.actor.CapabilityLoss;
import io.thespis.actor.InvalidActorSpecification;
import io.thespis.actor.OnCapabilityLoss;
import io.thespis.actor.PreferCapability;
import io.thespis.actor.RequireCapability;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an actor class requires of the system that hosts it: its {@link RequireCapability} annotations, its
 * optional static {@code actorSystemCapabilityCheck}, its {@link PreferCapability} preferences, and what becomes
 * of its running actors when a system stops meeting those requirements ({@link OnCapabilityLoss}). Read once per
 * class and cached, so a decision costs no reflection. This is the one implementation of the rules, used by every
 * base and by placement.
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

    private final List<CapabilityRequirement> required;
    private final List<CapabilityPreference> preferences;
    private final MethodHandle check;
    private final CapabilityLoss onCapabilityLoss;

    private ActorRequirements(Class<?> actorClass) {
        List<Class<?>> lineage = lineage(actorClass);
        Set<CapabilityRequirement> required = new LinkedHashSet<>();
        List<CapabilityPreference> preferences = new ArrayList<>();
        for (Class<?> c : lineage) {
            for (RequireCapability annotation : c.getDeclaredAnnotationsByType(RequireCapability.class)) {
                required.add(CapabilityRequirement.of(annotation));
            }
            for (PreferCapability annotation : c.getDeclaredAnnotationsByType(PreferCapability.class)) {
                preferences.add(CapabilityPreference.of(annotation, actorClass));
            }
        }
        this.required = List.copyOf(required);
        this.preferences = List.copyOf(preferences);
        this.check = findCheckMethod(actorClass);
        OnCapabilityLoss loss = actorClass.getAnnotation(OnCapabilityLoss.class);
        this.onCapabilityLoss = loss == null ? CapabilityLoss.STOP : loss.value();
    }

    /**
     * The requirements of {@code actorClass}.
     *
     * @throws InvalidActorSpecification when the class declares a malformed check method
     */
    public static ActorRequirements of(Class<?> actorClass) {
        return CACHE.get(actorClass);
    }

    /** The declarative requirements, in declaration order, superclasses first. */
    public List<CapabilityRequirement> required() {
        return required;
    }

    /** The soft preferences, superclasses first. */
    public List<CapabilityPreference> preferences() {
        return preferences;
    }

    /** The sum of the weights of the preferences that {@code capabilities} satisfy. */
    public int preferenceScore(Map<String, Object> capabilities) {
        int score = 0;
        for (CapabilityPreference preference : preferences) {
            score += preference.score(capabilities);
        }
        return score;
    }

    /**
     * What becomes of the class's running actors on a system that no longer meets its requirements: its
     * {@link OnCapabilityLoss}, else {@link CapabilityLoss#STOP}.
     */
    public CapabilityLoss onCapabilityLoss() {
        return onCapabilityLoss;
    }

    /** Whether the class has an {@code actorSystemCapabilityCheck} method. */
    public boolean hasCheckMethod() {
        return check != null;
    }

    /**
     * Whether a system with {@code capabilities} may host the class, given the creator's {@code requirements}:
     * the decision alone, with no explanation built, for placement's hot path. Never throws: an exception from
     * the check method counts as "no".
     */
    public boolean accepts(Map<String, Object> capabilities, Map<String, Object> requirements) {
        for (CapabilityRequirement requirement : required) {
            if (!requirement.isMet(capabilities.get(requirement.name()))) {
                return false;
            }
        }
        if (check == null) {
            return true;
        }
        try {
            return (boolean) check.invokeExact(capabilities, requirements);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            return false;
        }
    }

    /**
     * Decides whether a system with {@code capabilities} may host the class, given the creator's
     * {@code requirements}, and says why not. Never throws: an exception from the check method is a refusal
     * naming it.
     */
    public Verdict evaluate(Map<String, Object> capabilities, Map<String, Object> requirements) {
        for (CapabilityRequirement requirement : required) {
            String unmet = requirement.unmetReason(capabilities.get(requirement.name()));
            if (unmet != null) {
                return Verdict.refused(unmet);
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

    /** The class and its superclasses, the root first. */
    private static List<Class<?>> lineage(Class<?> actorClass) {
        List<Class<?>> lineage = new ArrayList<>();
        for (Class<?> c = actorClass; c != null; c = c.getSuperclass()) {
            lineage.add(0, c);
        }
        return lineage;
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
                    .asType(MethodType.methodType(boolean.class, Map.class, Map.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new InvalidActorSpecification(actorClass.getName() + ": cannot call its " + CHECK_METHOD
                    + ": " + e.getMessage(), e);
        }
    }
}
