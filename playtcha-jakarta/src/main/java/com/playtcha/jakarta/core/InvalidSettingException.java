package com.playtcha.jakarta.core;

import java.util.Objects;

/**
 * A setting is missing or has a value that cannot work. The message names the key and says what
 * a valid value looks like; it never contains the secret.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient Setting setting;

    public InvalidSettingException(Setting setting, String problem) {
        super(Objects.requireNonNull(setting, "setting").key() + ": " + problem);
        this.setting = setting;
    }

    /** An init-param or key that is not a setting at all. */
    public InvalidSettingException(String message) {
        super(message);
        this.setting = null;
    }

    /** The setting at fault, or {@code null} when the name itself is unknown. */
    public Setting setting() {
        return setting;
    }
}
