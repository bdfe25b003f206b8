package com.playtcha.jakarta.spring;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.Setting;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says which Playtcha setting stopped start-up and how to set it, in Spring Boot's "APPLICATION FAILED
 * TO START" report, wherever the {@link InvalidSettingException} was thrown: building the settings or
 * the verifier, or a PlaytchaFilter's start. The message is the library's (the key, the problem and
 * a valid value; never the secret), and the action says where Spring reads the key.
 */
class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
        Setting setting = cause.setting();
        String action = setting == null
                ? "Correct or remove that setting; docs/configuration.md lists every Playtcha setting."
                : "Set " + setting.key() + " in application.properties or YAML, or as the environment variable "
                        + setting.environmentVariable() + ", to a valid value; docs/configuration.md lists every Playtcha setting.";
        return new FailureAnalysis("Invalid Playtcha setting: " + cause.getMessage(), action, cause);
    }
}
