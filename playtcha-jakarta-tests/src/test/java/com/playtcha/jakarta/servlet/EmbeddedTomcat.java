package com.playtcha.jakarta.servlet;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

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
        Tomcat tomcat = loopback(baseDir);
        Context context = tomcat.addContext("", baseDir.toString());
        Wrapper wrapper = Tomcat.addServlet(context, "parts", servlet);
        wrapper.setMultipartConfigElement(new MultipartConfigElement(baseDir.toString()));
        context.addServletMapping("/*", "parts");
        tomcat.start();
        return new EmbeddedTomcat(tomcat);
    }

    /**
     * The filter's own Tomcat: {@code servlet} at {@code /parts/*} with a multipart config and at
     * {@code /raw/*} and {@code /form/*} without, all three guarded by a PlaytchaFilter with these
     * init-params.
     */
    static EmbeddedTomcat guarded(HttpServlet servlet, Path baseDir, Map<String, String> initParams) throws LifecycleException {
        Tomcat tomcat = loopback(baseDir);
        Context context = tomcat.addContext("", baseDir.toString());
        Wrapper parts = Tomcat.addServlet(context, "parts", servlet);
        parts.setMultipartConfigElement(new MultipartConfigElement(baseDir.toString()));
        context.addServletMapping("/parts/*", "parts");
        Tomcat.addServlet(context, "raw", servlet);
        context.addServletMapping("/raw/*", "raw");
        context.addServletMapping("/form/*", "raw");
        FilterDef filter = new FilterDef();
        filter.setFilterName("playtcha");
        filter.setFilterClass(PlaytchaFilter.class.getName());
        initParams.forEach(filter::addInitParameter);
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("playtcha");
        mapping.addURLPattern("/*");
        context.addFilterMap(mapping);
        tomcat.start();
        return new EmbeddedTomcat(tomcat);
    }

    /** A Tomcat not yet started, working in {@code baseDir}, listening on an ephemeral port of 127.0.0.1. */
    static Tomcat loopback(Path baseDir) {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.getConnector().setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        // One request a connection, for the reason EmbeddedJetty gives: the tests' clients outlive a
        // server, and must never send on a connection Tomcat closed (a stopped server's port reused, or
        // its keep-alive timeout passed). With keep-alive off, Tomcat answers "Connection: close".
        tomcat.getConnector().setProperty("maxKeepAliveRequests", "1");
        return tomcat;
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
