package com.playtcha.jakarta.it.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Empty on purpose: the runtime scans the WAR, WEB-INF/lib included, and so finds PlaytchaFeature by its @Provider. */
@ApplicationPath("/api")
public class RestApplication extends Application {
}
