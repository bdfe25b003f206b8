package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.Setting;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A file in the ledger's directory that the ledger will not open: a link, or not a regular file.
 * An {@link IOException}, so that when it is met while running it is handled (logged, retried)
 * like any failed write.
 */
final class RefusedFileException extends IOException {

    private static final long serialVersionUID = 1L;

    RefusedFileException(Path file, String what) {
        super("'" + file + "' " + what + "; the ledger follows no links and writes only regular files in "
                + Setting.LEDGER_DIRECTORY.key() + ": remove it (the ledger creates its files itself), "
                + "or give the ledger a directory of its own");
    }
}
