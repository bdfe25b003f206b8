package com.playtcha.jakarta.it.app;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * What a MicroProfile Telemetry runtime gives an application, made by hand for Jetty: an
 * {@code OpenTelemetry} bean, here an SDK with an in-memory reader, and at {@code /metrics} what
 * the reader collected, a line per point: {@code name unit attributes=value}.
 */
@WebServlet("/metrics")
public class InMemoryTelemetry extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final InMemoryMetricReader READER = InMemoryMetricReader.create();

    /** The application's OpenTelemetry bean. */
    @ApplicationScoped
    public static class Producer {
        @Produces
        @ApplicationScoped
        OpenTelemetry openTelemetry() {
            return OpenTelemetrySdk.builder()
                    .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(READER).build()).build();
        }

        void close(@Disposes OpenTelemetry openTelemetry) {
            ((OpenTelemetrySdk) openTelemetry).close();
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringBuilder out = new StringBuilder();
        for (MetricData metric : READER.collectAllMetrics()) {
            for (PointData point : metric.getData().getPoints()) {
                out.append(metric.getName()).append(' ').append(metric.getUnit()).append(' ')
                        .append(point.getAttributes().asMap().entrySet().stream()
                                .map(e -> e.getKey().getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(",")))
                        .append('=').append(value(point)).append('\n');
            }
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(out.toString());
    }

    private static String value(PointData point) {
        if (point instanceof io.opentelemetry.sdk.metrics.data.LongPointData l) {
            return Long.toString(l.getValue());
        }
        if (point instanceof io.opentelemetry.sdk.metrics.data.HistogramPointData h) {
            return "count:" + h.getCount();
        }
        return point.toString();
    }
}
