package com.playtcha.jakarta.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Fails the start of a web application whose Jakarta REST resources carry {@code @PlaytchaProtected}
 * while the annotation's jar, {@code com.playtcha:playtcha-jakarta-rest}, is missing: the JVM drops an
 * annotation whose class it cannot load, so those resources would run unguarded and nothing would say
 * so. Run by {@link PlaytchaInitializer}. The annotation's class is missing by definition here, so the
 * check reads class files, not classes: a class file that names the annotation's type descriptor
 * ({@code Lcom/playtcha/jakarta/rest/PlaytchaProtected;}) and a Jakarta REST one
 * ({@code Ljakarta/ws/rs/...}) is taken for such a resource (a class that names the type otherwise, in a
 * signature, needs the jar as well).
 *
 * <p>Start-up cost: nothing when the annotation's class loads (the jar is there) or when Jakarta REST
 * does not ({@code jakarta.ws.rs.Path}: no resource can run). Otherwise every class file under
 * {@code WEB-INF/classes} and in the jars under {@code WEB-INF/lib} is read once as bytes and searched
 * for the two names; nothing is loaded or parsed. That is about the cost of unzipping the WAR's jars once,
 * which dominates: 47 jars of 14 MB took 250-350 ms of CPU (600-800 ms in a cold JVM) on a shared
 * two-core machine under heavy load. Classes outside the WAR (a server's shared library) are not read.
 */
final class RestJarCheck {

    static final String ANNOTATION = "com.playtcha.jakarta.rest.PlaytchaProtected";
    /** The jar that holds {@link #ANNOTATION}, as the message names it. */
    static final String JAR = "com.playtcha:playtcha-jakarta-rest";
    // Made when the class loads, never written out: as constants they would stand in this class file, in the
    // core jar of every WAR, and this check would find itself.
    private static final String DESCRIPTOR = "L" + ANNOTATION.replace('.', '/') + ";";
    private static final String REST = "L" + "jakarta.ws.rs.".replace('.', '/');
    private static final String CLASSES = "/WEB-INF/classes/";
    private static final String LIB = "/WEB-INF/lib/";
    /** ZipInputStream reads its source 512 bytes at a time: a jar read through a buffer of this size. */
    private static final int BUFFER = 64 * 1024;

    private static final System.Logger LOG = System.getLogger(PlaytchaInitializer.class.getName());

    private RestJarCheck() {
    }

    /** Throws, naming a resource and the jar, when a resource carries the annotation and its class is missing. */
    static void check(ServletContext context) throws ServletException {
        ClassLoader application = context.getClassLoader();
        if (loads(ANNOTATION, application) || !loads("jakarta.ws.rs.Path", application)) {
            return;
        }
        String carrier;
        try {
            carrier = inClasses(context, CLASSES);
            if (carrier == null) {
                carrier = inJars(context);
            }
        } catch (IOException e) {
            throw new ServletException("@PlaytchaProtected: could not read the application's classes to check that "
                    + JAR + " is there when a resource needs it: " + e.getMessage(), e);
        }
        if (carrier != null) {
            String message = carrier + " carries @PlaytchaProtected (" + ANNOTATION + "), but that class is not in this "
                    + "application: the JVM ignores an annotation whose class is missing, so its requests would run "
                    + "without any token check. Add the jar " + JAR + " (the same version as playtcha-jakarta, compile "
                    + "scope, not provided) to the application, or remove the annotation";
            LOG.log(Level.ERROR, message);
            throw new ServletException(message);
        }
    }

    /** The first class under {@code directory} (a resource path) that is a resource carrying the annotation, or {@code null}. */
    private static String inClasses(ServletContext context, String directory) throws IOException {
        Set<String> paths = context.getResourcePaths(directory);
        if (paths == null) {
            return null;
        }
        for (String path : paths) {
            String found = null;
            if (path.endsWith("/")) {
                found = inClasses(context, path);
            } else if (path.endsWith(".class")) {
                try (InputStream in = context.getResourceAsStream(path)) {
                    found = in != null && carries(in.readAllBytes()) ? className(path.substring(CLASSES.length())) : null;
                }
            }
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** The first class in a jar under {@code WEB-INF/lib} that is a resource carrying the annotation, or {@code null}. */
    private static String inJars(ServletContext context) throws IOException {
        Set<String> jars = context.getResourcePaths(LIB);
        if (jars == null) {
            return null;
        }
        for (String jar : jars) {
            InputStream in = jar.endsWith(".jar") ? context.getResourceAsStream(jar) : null;
            if (in == null) {
                continue;
            }
            try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(in, BUFFER))) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    if (entry.getName().endsWith(".class") && carries(zip.readAllBytes())) {
                        return className(entry.getName()) + " (in " + jar.substring(1) + ")";
                    }
                }
            }
        }
        return null;
    }

    /** Whether a class file names the annotation's descriptor and a Jakarta REST annotation (ASCII in its constant pool). */
    static boolean carries(byte[] classFile) {
        String text = new String(classFile, StandardCharsets.ISO_8859_1);
        return text.contains(DESCRIPTOR) && text.contains(REST);
    }

    private static String className(String classFile) {
        return classFile.substring(0, classFile.length() - ".class".length()).replace('/', '.');
    }

    private static boolean loads(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader != null ? loader : Thread.currentThread().getContextClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
