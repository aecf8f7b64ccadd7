package io.github.azureredis.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Grouped bar charts as SVG, written from the medians of a run: one group per thread count, one bar per variant, each
 * bar labelled with its value and, for throughput, its ratio to the baseline variant. No library: a chart is a few
 * rectangles and labels, and an SVG renders on GitHub and in any browser.
 */
final class Charts {

	private static final String[] COLOURS = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
			"#e377c2", "#7f7f7f", "#bcbd22", "#17becf" };

	private static final int PANEL_WIDTH = 520;

	private static final int PANEL_HEIGHT = 300;

	private static final int TOP = 50;

	private static final int LEFT = 20;

	private Charts() {
	}

	/**
	 * A panel: bars of several series over several groups.
	 *
	 * @param title its title
	 * @param groups the group labels (thread counts)
	 * @param values values[series][group], {@code NaN} where not measured
	 * @param labels the label above each bar, by series and group
	 */
	record Panel(String title, List<String> groups, double[][] values, String[][] labels) {
	}

	/**
	 * Two or more panels side by side, with one legend of the series below them.
	 * @param title the chart's title
	 * @param series the series (variants)
	 * @param panels the panels
	 * @return the SVG document
	 */
	static String svg(String title, List<String> series, List<Panel> panels) {
		int legendHeight = 18 * series.size() + 10;
		int width = LEFT + panels.size() * (PANEL_WIDTH + LEFT);
		int height = TOP + PANEL_HEIGHT + 40 + legendHeight;
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
						+ "font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
				width, height));
		text(svg, LEFT, 20, 15, "start", title);
		for (int p = 0; p < panels.size(); p++) {
			panel(svg, LEFT + p * (PANEL_WIDTH + LEFT), panels.get(p), series.size());
		}
		int legendTop = TOP + PANEL_HEIGHT + 40;
		for (int s = 0; s < series.size(); s++) {
			int y = legendTop + 18 * s;
			svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
					LEFT, y, colour(s)));
			text(svg, LEFT + 18, y + 10, 11, "start", series.get(s));
		}
		return svg.append("</svg>\n").toString();
	}

	private static void panel(StringBuilder svg, int x, Panel panel, int seriesCount) {
		text(svg, x, TOP - 18, 13, "start", panel.title());
		double max = 0;
		for (double[] row : panel.values()) {
			for (double value : row) {
				if (!Double.isNaN(value)) {
					max = Math.max(max, value);
				}
			}
		}
		int bottom = TOP + PANEL_HEIGHT;
		svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", x,
				bottom, x + PANEL_WIDTH, bottom));
		int groups = panel.groups().size();
		double groupWidth = (double) PANEL_WIDTH / Math.max(1, groups);
		double barWidth = (groupWidth - 20) / Math.max(1, seriesCount);
		for (int g = 0; g < groups; g++) {
			double groupX = x + g * groupWidth + 10;
			text(svg, (int) (groupX + (groupWidth - 20) / 2), bottom + 16, 11, "middle", panel.groups().get(g));
			for (int s = 0; s < seriesCount; s++) {
				double value = panel.values()[s][g];
				if (Double.isNaN(value) || max <= 0) {
					continue;
				}
				double barHeight = (PANEL_HEIGHT - 30) * value / max;
				double barX = groupX + s * barWidth;
				svg.append(String.format(Locale.ROOT,
						"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>%n",
						barX, bottom - barHeight, Math.max(1, barWidth - 2), barHeight, colour(s),
						escape(panel.labels()[s][g])));
				String label = panel.labels()[s][g];
				svg.append(String.format(Locale.ROOT,
						"<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" transform=\"rotate(-90 %.1f %.1f)\">%s</text>%n",
						barX + barWidth / 2 + 3, bottom - barHeight - 3, barX + barWidth / 2 + 3,
						bottom - barHeight - 3, escape(label)));
			}
		}
	}

	/**
	 * Labels of each value, with its ratio to the baseline series where there is one.
	 * @param values values[series][group]
	 * @param baseline the index of the baseline series, or -1
	 * @param format formats one value
	 * @return the labels
	 */
	static String[][] labels(double[][] values, int baseline, DoubleFunction<String> format) {
		String[][] labels = new String[values.length][];
		for (int s = 0; s < values.length; s++) {
			labels[s] = new String[values[s].length];
			for (int g = 0; g < values[s].length; g++) {
				double value = values[s][g];
				String label = format.apply(value);
				if (baseline >= 0 && s != baseline && !Double.isNaN(values[baseline][g]) && values[baseline][g] > 0) {
					label += String.format(Locale.ROOT, " (%.2fx)", value / values[baseline][g]);
				}
				labels[s][g] = label;
			}
		}
		return labels;
	}

	private static String colour(int series) {
		return COLOURS[series % COLOURS.length];
	}

	private static void text(StringBuilder svg, int x, int y, int size, String anchor, String text) {
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"%s\">%s</text>%n",
				x, y, size, anchor, escape(text)));
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
