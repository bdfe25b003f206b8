package com.playtcha.jakarta;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads from a class file whether HttpClient marks the class, or one of its constructors,
 * {@code @Internal}. The annotation is kept in the class file only (retention {@code CLASS}), so
 * reflection cannot see it; this walks the class file format (JVMS chapter 4) as far as the class's
 * and its methods' {@code RuntimeInvisibleAnnotations}. A test helper, not a dependency: the one
 * question is too small for a bytecode library.
 */
final class InternalApiScan {

    private static final String INTERNAL = "Lorg/apache/hc/core5/annotation/Internal;";

    /** What the class file says; {@code found} is false when no such class is on the class path. */
    record Marks(boolean found, boolean internalType, boolean internalConstructor) {
    }

    private InternalApiScan() {
    }

    static Marks of(String className) {
        try (InputStream in = InternalApiScan.class.getClassLoader().getResourceAsStream(className.replace('.', '/') + ".class")) {
            return in == null ? new Marks(false, false, false) : read(new DataInputStream(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Marks read(DataInputStream in) throws IOException {
        in.skipNBytes(8); // magic, minor, major
        String[] utf8 = new String[in.readUnsignedShort()];
        for (int i = 1; i < utf8.length; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        in.skipNBytes(6); // access, this, super
        in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
        int fields = in.readUnsignedShort();
        for (int f = 0; f < fields; f++) {
            in.skipNBytes(6);
            internal(in, utf8);
        }
        boolean internalConstructor = false;
        int methods = in.readUnsignedShort();
        for (int m = 0; m < methods; m++) {
            in.skipNBytes(2);
            String name = utf8[in.readUnsignedShort()];
            in.skipNBytes(2);
            internalConstructor |= internal(in, utf8) && name.equals("<init>");
        }
        return new Marks(true, internal(in, utf8), internalConstructor);
    }

    /** Reads one attribute table; whether its invisible annotations name {@code @Internal}. */
    private static boolean internal(DataInputStream in, String[] utf8) throws IOException {
        boolean internal = false;
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            String name = utf8[in.readUnsignedShort()];
            byte[] body = in.readNBytes(in.readInt());
            if (name.equals("RuntimeInvisibleAnnotations")) {
                DataInputStream annotations = new DataInputStream(new ByteArrayInputStream(body));
                for (int n = annotations.readUnsignedShort(); n > 0; n--) {
                    internal |= annotation(annotations, utf8);
                }
            }
        }
        return internal;
    }

    /** Reads one annotation; whether it is {@code @Internal}. */
    private static boolean annotation(DataInputStream in, String[] utf8) throws IOException {
        boolean internal = INTERNAL.equals(utf8[in.readUnsignedShort()]);
        for (int pairs = in.readUnsignedShort(); pairs > 0; pairs--) {
            in.skipNBytes(2);
            skipValue(in, utf8);
        }
        return internal;
    }

    private static void skipValue(DataInputStream in, String[] utf8) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case 'e' -> in.skipNBytes(4);
            case '@' -> annotation(in, utf8);
            case '[' -> {
                for (int n = in.readUnsignedShort(); n > 0; n--) {
                    skipValue(in, utf8);
                }
            }
            default -> in.skipNBytes(2); // a constant or a class
        }
    }
}
