package com.playtcha.jakarta.benchmarks.crossed;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * A Java agent that makes every method and constructor (static initializers included) of the library's
 * classes report to {@link Crossings} when it starts, in whatever class loader the class is defined.
 *
 * <p>The library is every class under {@code com.playtcha.} except the simulator
 * ({@code com.playtcha.jakarta.testing}), the embedded PostgreSQL of the tests
 * ({@code com.playtcha.jakarta.testpostgres}) and this module ({@code com.playtcha.jakarta.benchmarks});
 * no module's test classes are on the class path of a JVM that runs the agent. A class is named
 * {@code loader-kind:binary-name}, nested classes with their {@code $}, and the kind is told from the
 * loader that defines it ({@link #kindOf}). Lambdas and other hidden classes are never shown to an
 * agent, so they cannot be rewritten: a lambda's body is a method of the class that declares it and is
 * counted there, but the hidden class that wraps it is not counted. Nested, anonymous, local, record
 * and enum classes are ordinary class files and are counted.
 *
 * <p>Loaded with {@code -javaagent:} from a jar whose manifest names this class as {@code Premain-Class}
 * and whose {@code Boot-Class-Path} holds {@link Crossings} ({@link ClassesCrossed} writes it); ASM comes
 * from the application class path.
 */
public final class CrossingAgent implements ClassFileTransformer {

    /** Internal-name prefixes of the classes that count. */
    static final String LIBRARY = "com/playtcha/";
    /** Internal-name prefixes under {@link #LIBRARY} that are not the library. */
    static final List<String> NOT_LIBRARY = List.of("com/playtcha/jakarta/testing/", "com/playtcha/jakarta/testpostgres/",
            "com/playtcha/jakarta/benchmarks/");

    /** The kind of a class loader that Tomcat made for a web application. */
    static final String WEBAPP = "webapp";
    /** The kind of the JVM's application class loader: in these embedded scenarios, Tomcat's and the valve's. */
    static final String SERVER = "server";

    private static final String RECORDER = Type.getInternalName(Crossings.class);
    private static final String TOMCAT_WEBAPP_LOADER = "org.apache.catalina.loader.WebappClassLoaderBase";

    /** The kind given to each loader seen so far; a second loader of a kind gets a number ({@code webapp-2}). */
    private final Map<ClassLoader, String> kinds = new WeakHashMap<>();

    private CrossingAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        if (Crossings.class.getClassLoader() != null) {
            throw new IllegalStateException("Crossings must come from the bootstrap class path (the agent jar's "
                    + "Boot-Class-Path), or a web application's classes could not all reach the same copy");
        }
        instrumentation.addTransformer(new CrossingAgent());
    }

    /** Whether the class with this internal name is the library's. */
    static boolean counts(String internalName) {
        return internalName != null && internalName.startsWith(LIBRARY) && NOT_LIBRARY.stream().noneMatch(internalName::startsWith);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
        if (!counts(className)) {
            return null;
        }
        try {
            return instrument(bytes, kindOf(loader) + ":" + className.replace('/', '.'));
        } catch (RuntimeException e) {
            // The JVM drops a transformer's exception without a word: a class left out must be seen.
            System.err.println("CrossingAgent could not instrument " + className + ": " + e);
            e.printStackTrace();
            return null;
        }
    }

    /**
     * The kind of a defining loader: {@code server} for the JVM's application class loader, {@code webapp}
     * for a Tomcat web application's ({@code WebappClassLoaderBase} by name, since the agent cannot see
     * Tomcat's classes), {@code boot} and {@code platform}, and the loader's class name for any other.
     */
    synchronized String kindOf(ClassLoader loader) {
        if (loader == null) {
            return "boot";
        }
        if (loader == ClassLoader.getSystemClassLoader()) {
            return SERVER;
        }
        if (loader == ClassLoader.getPlatformClassLoader()) {
            return "platform";
        }
        String known = kinds.get(loader);
        if (known == null) {
            String kind = isTomcatWebappLoader(loader.getClass()) ? WEBAPP : loader.getClass().getName();
            long same = kinds.values().stream().filter(k -> k.equals(kind) || k.startsWith(kind + "-")).count();
            known = same == 0 ? kind : kind + "-" + (same + 1);
            kinds.put(loader, known);
        }
        return known;
    }

    private static boolean isTomcatWebappLoader(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(TOMCAT_WEBAPP_LOADER)) {
                return true;
            }
        }
        return false;
    }

    /** The class with a call to {@link Crossings#cross} at the start of every method that has code. */
    static byte[] instrument(byte[] bytes, String key) {
        ClassReader reader = new ClassReader(bytes);
        // Maxima only: the call goes before any instruction, so no stack map frame changes.
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        super.visitLdcInsn(key);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, RECORDER, "cross", "(Ljava/lang/String;)V", false);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
