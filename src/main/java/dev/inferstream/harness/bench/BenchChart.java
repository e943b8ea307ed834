package dev.inferstream.harness.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/** Draws requests per second, submitted and terminal, per system as a PNG bar chart. */
final class BenchChart {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;
    /** The log axis starts here; a bar for a smaller figure would be invisible anyway. */
    private static final double FLOOR = 0.01;

    private BenchChart() {}

    static void write(List<SystemFigures> figures, Path png) throws IOException {
        // No display on a build box or CI runner; AWT must not try to open one.
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (SystemFigures f : figures) {
            f.submitPerSecond().ifPresent(rate -> data.addValue(Math.max(FLOOR, rate), "submitted / s", f.system()));
            data.addValue(Math.max(FLOOR, f.terminalPerSecond()), "terminal events / s", f.system());
        }
        JFreeChart chart = ChartFactory.createBarChart("Requests per second (log scale), one run", "",
                "requests / s", data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        // Naive and pass-through differ by four orders of magnitude; a linear axis would show one bar.
        LogAxis axis = new LogAxis("requests / s");
        axis.setSmallestValue(FLOOR);
        // Whole powers of ten; the default half-decade ticks read as 10^2.5.
        axis.setTickUnit(new NumberTickUnit(1));
        plot.setRangeAxis(axis);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBase(FLOOR);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }
}
