package io.thespis.internal.leader;

/**
 * The bounds on the Convention's global names, checked where a name enters (a client's create on its member, the
 * leader's Name call, a re-registration) so that no remote party can fill the leader's memory with names.
 */
public final class NameLimits {
    /** Bytes (UTF-8) per global name at most; a longer name is refused with {@code IllegalArgumentException}. */
    public static final int MAX_NAME_BYTES = 256;
    /** Global names one member's actors may hold at once; beyond, a binding is refused as resource exhausted. */
    public static final int MAX_NAMES_PER_MEMBER = 10_000;
    /** Global names the whole Convention holds at once; beyond, a binding is refused as resource exhausted. */
    public static final int MAX_NAMES = 100_000;

    private NameLimits() {
    }

    /** Whether {@code name} is a global name: 1 to {@link #MAX_NAME_BYTES} bytes. */
    public static boolean fits(String name) {
        return !name.isEmpty() && !Utf8.exceeds(name, MAX_NAME_BYTES);
    }

    /**
     * Checks that {@code name} {@link #fits}.
     *
     * @throws IllegalArgumentException saying the bound and the name's length
     */
    public static String check(String name) {
        if (!fits(name)) {
            throw new IllegalArgumentException("a global name must have 1 to " + MAX_NAME_BYTES + " bytes (UTF-8), "
                    + "got one of " + name.length() + " characters");
        }
        return name;
    }
}
