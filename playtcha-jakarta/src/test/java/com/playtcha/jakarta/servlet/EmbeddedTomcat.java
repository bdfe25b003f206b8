package com.playtcha.jakarta.servlet;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;

/**
 * A real embedded Tomcat 10.1 on an ephemeral port of 127.0.0.1 with one servlet at {@code /*}
 * that has a multipart config: the second container whose parser {@code MultipartDifferentialTest}
 * holds the filter's reader to.
 */
final class EmbeddedTomcat implements AutoCloseable {

    private final Tomcat tomcat;

    private EmbeddedTomcat(Tomcat tomcat) {
        this.tomcat = tomcat;
    }

    static EmbeddedTomcat start(HttpServlet servlet, Path baseDir) throws LifecycleException {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.getConnector().setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", baseDir.toString());
        Wrapper wrapper = Tomcat.addServlet(context, "parts", servlet);
        wrapper.setMultipartConfigElement(new MultipartConfigElement(baseDir.toString()));
        context.addServletMapping("/*", "parts");
        tomcat.start();
        return new EmbeddedTomcat(tomcat);
    }

    int port() {
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
