package com.playtcha.jakarta.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The latency chart of the report, drawn with Java2D (headless): a panel per Playtcha latency, a
 * group of bars per concurrency, a bar per variant whose full height is p99 and whose dark part
 * is p50, on a logarithmic axis (the variants differ by orders of magnitude at some cells).
 */
final class LatencyChart {

    private static final Color[] COLORS = {
        new Color(0x7f7f7f), new Color(0x1f77b4), new Color(0xff7f0e), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd),
    };
    private static final int WIDTH = 1000;
    private static final int PANEL_HEIGHT = 320;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 60;
    private static final int BOTTOM = 50;

    private LatencyChart() {
    }

    static void write(List<LoadBenchmark.Cell> cells, Path png) throws IOException {
        List<Integer> latencies = cells.stream().map(LoadBenchmark.Cell::latencyMillis).distinct().toList();
        int height = TOP + latencies.size() * (PANEL_HEIGHT + BOTTOM);
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString("Request latency (ms, log scale): bar = p99, dark part = p50", LEFT, 25);
            legend(g);
            double min = 0.1;
            double max = Math.max(1, cells.stream().flatMap(c -> c.stats().values().stream())
                    .mapToDouble(Stats::p99Millis).max().orElse(1)) * 1.5;
            for (int p = 0; p < latencies.size(); p++) {
                int latency = latencies.get(p);
                int top = TOP + p * (PANEL_HEIGHT + BOTTOM);
                panel(g, cells.stream().filter(c -> c.latencyMillis() == latency).toList(), latency, top, min, max);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    private static void legend(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = LEFT;
        for (Variant variant : Variant.values()) {
            g.setColor(COLORS[variant.ordinal()]);
            g.fillRect(x, 36, 12, 12);
            g.setColor(Color.BLACK);
            String label = variant + ": " + variant.description;
            g.drawString(label, x + 16, 47);
            x += 22 + g.getFontMetrics().stringWidth(label);
        }
    }

    private static void panel(Graphics2D g, List<LoadBenchmark.Cell> cells, int latency, int top, double min, double max) {
        int bottom = top + PANEL_HEIGHT;
        int plotWidth = WIDTH - LEFT - RIGHT;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString("Playtcha latency " + latency + " ms", LEFT, top + 14);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        gridLines(g, top + 20, bottom, min, max);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawLine(LEFT, bottom, WIDTH - RIGHT, bottom);
        int groupWidth = plotWidth / Math.max(1, cells.size());
        int barWidth = Math.max(6, Math.min(48, (groupWidth - 40) / Variant.values().length));
        for (int i = 0; i < cells.size(); i++) {
            LoadBenchmark.Cell cell = cells.get(i);
            int groupLeft = LEFT + i * groupWidth + (groupWidth - barWidth * Variant.values().length) / 2;
            for (Variant variant : Variant.values()) {
                Stats stats = cell.stats().get(variant);
                int x = groupLeft + variant.ordinal() * barWidth;
                int p99 = y(stats.p99Millis(), top + 20, bottom, min, max);
                int p50 = y(stats.p50Millis(), top + 20, bottom, min, max);
                Color color = COLORS[variant.ordinal()];
                g.setColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 110));
                g.fillRect(x + 1, p99, barWidth - 2, bottom - p99);
                g.setColor(color);
                g.fillRect(x + 1, p50, barWidth - 2, bottom - p50);
                g.setColor(Color.BLACK);
                String label = variant.name();
                g.drawString(label, x + (barWidth - g.getFontMetrics().stringWidth(label)) / 2, bottom + 14);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            String group = cell.clients() + (cell.clients() == 1 ? " client" : " clients");
            g.drawString(group, groupLeft + (barWidth * Variant.values().length - g.getFontMetrics().stringWidth(group)) / 2,
                    bottom + 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        }
    }

    /** A line and a label at every power of ten of the log axis. */
    private static void gridLines(Graphics2D g, int top, int bottom, double min, double max) {
        for (double tick = min; tick <= max; tick *= 10) {
            int y = y(tick, top, bottom, min, max);
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(Color.DARK_GRAY);
            String label = tick < 1 ? String.valueOf(tick) : String.valueOf((long) tick);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
    }

    /** The y pixel of {@code millis} on a log axis from {@code min} (at {@code bottom}) to {@code max} (at {@code top}). */
    private static int y(double millis, int top, int bottom, double min, double max) {
        double clamped = Math.max(min, Math.min(max, millis));
        double share = (Math.log10(clamped) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        return (int) Math.round(bottom - share * (bottom - top));
    }
}
