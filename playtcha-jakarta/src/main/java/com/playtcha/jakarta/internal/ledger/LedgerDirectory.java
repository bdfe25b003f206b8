package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.Setting;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ledger's directory, which is not trusted: no link is followed and every file must be regular,
 * else an {@link InvalidSettingException} names {@code playtcha.ledger.directory}; what is created is
 * owner-only. Why: design/ledger.md.
 */
final class LedgerDirectory {

    /** Where the journal gets the files it appends to: {@link #FILES}, or a test's failing disk. */
    @FunctionalInterface
    interface Storage {
        /** Opens the file to append to, creating it owner-only; refuses a link or a file that is not regular. */
        FileChannel append(Path file) throws IOException;
    }

    /** The real file system, no links followed. */
    static final Storage FILES = file -> openRegular(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);

    private static final System.Logger LOG = System.getLogger(LedgerDirectory.class.getName());
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private LedgerDirectory() {
    }

    /**
     * The configured directory, created owner-only when missing, resolved once to its real path
     * (the operator's links on the way there are followed here and nowhere else), with none of the
     * ledger's names taken by a link or a file that is not regular.
     */
    static Path real(Path configured) throws IOException {
        if (Files.notExists(configured)) {
            try {
                Files.createDirectories(configured, OWNER_ONLY_DIRECTORY);
            } catch (UnsupportedOperationException notPosix) {
                Files.createDirectories(configured);
            }
        }
        Path real = configured.toRealPath();
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileSystemException(configured.toString(), null, "not a directory");
        }
        if (!real.equals(configured)) {
            LOG.log(Level.INFO, "Playtcha ledger directory resolved once; no link inside it is followed [{0}={1}, real={2}]",
                    Setting.LEDGER_DIRECTORY.key(), configured, real);
        }
        warnIfOthersMayWrite(real);
        for (String name : List.of(JournalStore.LOCK, JournalStore.JOURNAL, JournalStore.NEXT, JournalStore.DEAD_LETTER)) {
            refuseUnlessRegular(real.resolve(name)); // all of them before any is opened or created
        }
        return real;
    }

    private static void warnIfOthersMayWrite(Path real) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(real, LinkOption.NOFOLLOW_LINKS);
            if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                LOG.log(Level.WARNING, "Playtcha ledger directory may be written by other users than its owner: they could "
                        + "add entries that the ledger replays after a restart and reports to your listeners; "
                        + "let only the user the server runs as write it (chmod 700) [{0}={1}, permissions={2}]",
                        Setting.LEDGER_DIRECTORY.key(), real, PosixFilePermissions.toString(permissions));
            }
        } catch (UnsupportedOperationException notPosix) {
            // nothing to check where the file system has no POSIX permissions
        }
    }

    /**
     * Locks the directory for this verifier, through {@value JournalStore#LOCK}.
     *
     * @throws InvalidSettingException when another verifier holds it (in this JVM or another)
     */
    static FileLock lock(Path directory, Path configured) throws IOException {
        FileChannel channel = openRegular(directory.resolve(JournalStore.LOCK), StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new InvalidSettingException(Setting.LEDGER_DIRECTORY, "'" + configured + "' is in use by another Playtcha "
                    + "verifier (its " + JournalStore.LOCK + " is locked); give each application, and each verifier with its "
                    + "own secret or api-url, a directory of its own");
        }
        return lock;
    }

    /** Refuses a link or a file that is not regular under this name; no file there is fine. */
    static void refuseUnlessRegular(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException none) {
            return;
        }
        if (attributes.isSymbolicLink()) {
            String target;
            try {
                target = String.valueOf(Files.readSymbolicLink(file));
            } catch (IOException | UnsupportedOperationException unreadable) {
                target = "?";
            }
            throw new RefusedFileException(file, "is a symbolic link (to " + target + ")");
        }
        if (!attributes.isRegularFile()) {
            throw new RefusedFileException(file, "is not a regular file but " + (attributes.isDirectory() ? "a directory"
                    : "a fifo, socket or device"));
        }
    }

    /** Opens a regular file, creating it owner-only if need be, never through a link (checked before the open too). */
    static FileChannel openRegular(Path file, OpenOption... options) throws IOException {
        refuseUnlessRegular(file);
        Set<OpenOption> all = new HashSet<>(List.of(options));
        all.add(StandardOpenOption.CREATE);
        all.add(LinkOption.NOFOLLOW_LINKS);
        try {
            try {
                return FileChannel.open(file, all, OWNER_ONLY_FILE);
            } catch (UnsupportedOperationException notPosix) {
                return FileChannel.open(file, all);
            }
        } catch (FileSystemException e) {
            refuseUnlessRegular(file); // a link put there since the check above: refused by name
            throw e;
        }
    }
}
