package io.thespis.internal.source;

import io.thespis.testing.SourceJars;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A source's class loader defines its own classes and serves its own resources, but nothing under META-INF, even
 * from a jar no authority looked at (as when unvalidated sources are allowed).
 */
class SourceClassLoaderTest {
    private static final byte[] DATA = "greeting=hi".getBytes(StandardCharsets.UTF_8);
    static SourceClassLoader loader;

    @BeforeAll
    static void loadAJarWithClassesUnderMetaInf() {
        byte[] jar = SourceJars.compile(Map.of("demo.hello.Hello", SourceJars.hello("Hello!")));
        byte[] hello = SourceJars.entry(jar, "demo/hello/Hello.class");
        jar = SourceJars.withExtraEntry(jar, "META-INF/SIG-Evil.class",
                SourceJars.renamedClass(hello, "demo/hello/Hello", "META-INF/SIG-Evil"));
        jar = SourceJars.withExtraEntry(jar, "META-INF/demo/Evil.class",
                SourceJars.renamedClass(hello, "demo/hello/Hello", "META-INF/demo/Evil"));
        jar = SourceJars.withExtraEntry(jar, "meta-inf/Evil.class",
                SourceJars.renamedClass(hello, "demo/hello/Hello", "meta-inf/Evil"));
        jar = SourceJars.withExtraEntry(jar, "META-INF/app.properties", DATA);
        jar = SourceJars.withExtraEntry(jar, "demo/hello/app.properties", DATA);
        loader = new SourceClassLoader(SourceJar.read(jar, 1 << 20));
    }

    @Test
    void itDefinesTheSourcesOwnClasses() throws ClassNotFoundException {
        Class<?> hello = loader.loadClass("demo.hello.Hello");
        assertEquals(loader, hello.getClassLoader());
        assertEquals(java.util.Set.of("demo.hello"), loader.jar().packages());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"META-INF.SIG-Evil", "META-INF.demo.Evil", "meta-inf.Evil"})
    void itNeverDefinesAClassUnderMetaInf(String name) {
        ClassNotFoundException missing = assertThrows(ClassNotFoundException.class, () -> loader.loadClass(name));
        assertTrue(missing.getMessage().contains("is not in source"), missing.getMessage());
    }

    @Test
    void itServesResourcesOutsideMetaInfOnly() throws IOException {
        try (InputStream data = loader.getResourceAsStream("demo/hello/app.properties")) {
            assertArrayEquals(DATA, data.readAllBytes());
        }
        assertNull(loader.getResourceAsStream("META-INF/app.properties"));
        assertNull(loader.getResourceAsStream("META-INF/SIG-Evil.class"));
        assertNull(loader.getResourceAsStream("meta-inf/Evil.class"));
    }
}
