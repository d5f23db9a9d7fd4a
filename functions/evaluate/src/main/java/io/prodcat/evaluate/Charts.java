package io.prodcat.evaluate;

import io.prodcat.adapters.persistence.ModelMetricsRow;
import io.prodcat.engine.evaluation.ClassMetrics;
import io.prodcat.engine.evaluation.Evaluation;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** The pictures people look at: the confusion matrix and macro-F1 / worst-class F1 across recent evaluations. */
final class Charts {

    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final int CELL = 28;
    private static final int MARGIN = 150;

    private Charts() {}

    /** Rows are the true classes, columns the predicted ones; shade = share of the row, number = count. */
    static byte[] confusionMatrix(Evaluation evaluation) {
        int n = evaluation.labels().size();
        BufferedImage image = new BufferedImage(
                Math.max(420, MARGIN + n * CELL + 20), MARGIN + n * CELL + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        g.drawString(
                String.format(
                        Locale.ROOT,
                        "Confusion matrix: %d held-out rows, macro-F1 %.3f",
                        evaluation.sampleCount(),
                        evaluation.macroF1()),
                10,
                16);
        g.drawString("rows: true class, columns: predicted; shade: share of the row", 10, 32);
        int[][] counts = evaluation.confusion();
        for (int t = 0; t < n; t++) {
            int rowTotal = 0;
            for (int p = 0; p < n; p++) {
                rowTotal += counts[t][p];
            }
            g.setColor(Color.BLACK);
            g.drawString(shorten(evaluation.labels().get(t)), 10, MARGIN + t * CELL + CELL / 2 + 4);
            for (int p = 0; p < n; p++) {
                float share = rowTotal == 0 ? 0 : (float) counts[t][p] / rowTotal;
                g.setColor(new Color(1 - share * 0.8f, 1 - share * 0.55f, 1 - share * 0.2f));
                g.fillRect(MARGIN + p * CELL, MARGIN + t * CELL, CELL, CELL);
                g.setColor(share > 0.5 ? Color.WHITE : Color.DARK_GRAY);
                if (counts[t][p] > 0) {
                    g.drawString(
                            Integer.toString(counts[t][p]), MARGIN + p * CELL + 3, MARGIN + t * CELL + CELL / 2 + 4);
                }
            }
        }
        AffineTransform upright = g.getTransform();
        g.setColor(Color.BLACK);
        for (int p = 0; p < n; p++) {
            g.setTransform(upright);
            g.rotate(-Math.PI / 2, MARGIN + p * CELL + CELL / 2.0 + 4, MARGIN - 6);
            g.drawString(shorten(evaluation.labels().get(p)), MARGIN + p * CELL + CELL / 2 + 4, MARGIN - 6);
        }
        g.setTransform(upright);
        return png(image);
    }

    /** Macro-F1 and worst-class F1 of recent evaluations, oldest on the left. */
    static byte[] history(List<ModelMetricsRow> rows) {
        int width = 640;
        int height = 320;
        int left = 50;
        int bottom = height - 40;
        int top = 40;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        g.drawString("Held-out macro-F1 (blue) and worst-class F1 (red), last " + rows.size() + " evaluations", 10, 16);
        g.setColor(Color.LIGHT_GRAY);
        for (int tick = 0; tick <= 4; tick++) {
            int y = bottom - tick * (bottom - top) / 4;
            g.drawLine(left, y, width - 20, y);
            g.drawString(String.format(Locale.ROOT, "%.2f", tick / 4.0), 10, y + 4);
        }
        plot(
                g,
                rows.stream().mapToDouble(ModelMetricsRow::f1).toArray(),
                new Color(30, 90, 200),
                left,
                width - 20,
                top,
                bottom);
        plot(
                g,
                rows.stream().mapToDouble(ModelMetricsRow::minF1).toArray(),
                new Color(200, 40, 40),
                left,
                width - 20,
                top,
                bottom);
        return png(image);
    }

    /** One line per class: label, precision, recall, F1, support. */
    static byte[] perClassCsv(Evaluation evaluation) {
        StringBuilder csv = new StringBuilder("label,precision,recall,f1,support\n");
        for (ClassMetrics metrics : evaluation.perClass()) {
            csv.append('"')
                    .append(metrics.label().replace("\"", "\"\""))
                    .append('"')
                    .append(String.format(
                            Locale.ROOT,
                            ",%.6f,%.6f,%.6f,%d%n",
                            metrics.precision(),
                            metrics.recall(),
                            metrics.f1(),
                            metrics.support()));
        }
        return csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void plot(Graphics2D g, double[] values, Color color, int left, int right, int top, int bottom) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2));
        int previousX = -1;
        int previousY = -1;
        for (int i = 0; i < values.length; i++) {
            int x = values.length == 1 ? (left + right) / 2 : left + i * (right - left) / (values.length - 1);
            int y = bottom - (int) Math.round(values[i] * (bottom - top));
            g.fillOval(x - 3, y - 3, 6, 6);
            if (previousX >= 0) {
                g.drawLine(previousX, previousY, x, y);
            }
            previousX = x;
            previousY = y;
        }
    }

    private static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(FONT);
        return g;
    }

    private static String shorten(String label) {
        return label.length() <= 22 ? label : label.substring(0, 21) + "…";
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PNG", e);
        }
        return out.toByteArray();
    }
}
