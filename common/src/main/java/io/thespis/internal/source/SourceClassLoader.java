package io.thespis.internal.source;

import io.thespis.actor.Actor;
import io.thespis.internal.codec.MessageCodec;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * The class loader of one loaded actor source. Its classes see the JDK and the Thespis API
 * ({@code io.thespis.actor}) and nothing else: not the member's internals, not the operator's classpath, not
 * another source. Two versions of a class therefore live side by side, each in its own loader. It defines only
 * the bytes its {@link SourceJar} read (those its authorities validated), and never a class under
 * {@code META-INF/}.
 */
public final class SourceClassLoader extends ClassLoader implements MessageCodec.SourceLoader {
    private static final String API_PACKAGE = Actor.class.getPackageName();

    static {
        registerAsParallelCapable();
    }

    private final SourceJar jar;
    private volatile MessageCodec codec;

    /** A loader of {@code jar}'s classes. */
    public SourceClassLoader(SourceJar jar) {
        super("source-" + jar.hash().substring(0, 12), ClassLoader.getPlatformClassLoader());
        this.jar = jar;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        int lastDot = name.lastIndexOf('.');
        if (lastDot > 0 && name.substring(0, lastDot).equals(API_PACKAGE)) {
            return Actor.class.getClassLoader().loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = jar.classBytes(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name + " is not in source " + jar.hash()
                    + " (a source sees only its own classes, the JDK and " + API_PACKAGE + ")");
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    /**
     * The source's entry {@code name}, else the JDK's resource of that name. Nothing under {@code META-INF/} is
     * served from the source: the manifest and signature files are how the jar was validated, not its content.
     */
    @Override
    public InputStream getResourceAsStream(String name) {
        byte[] bytes = jar.resource(name);
        return bytes != null ? new ByteArrayInputStream(bytes) : super.getResourceAsStream(name);
    }

    @Override
    public String sourceHash() {
        return jar.hash();
    }

    @Override
    public MessageCodec codec() {
        MessageCodec current = codec;
        if (current == null) {
            synchronized (this) {
                current = codec;
                if (current == null) {
                    current = MessageCodec.forSource(jar.hash(), jar.packages(), this);
                    codec = current;
                }
            }
        }
        return current;
    }

    /** The source this loader defines classes from. */
    public SourceJar jar() {
        return jar;
    }
}
