#!/usr/bin/env python3
"""line_chart.py SPEC.json OUT.png WIDTH HEIGHT

Draws a training chart for common::write_line_chart (common/plot.h) with matplotlib: the
series of SPEC.json as lines with a marker at each point (so a run scored once still shows),
its levels as dashed horizontal lines, a log y axis where it asks, and a legend where it hides
the fewest points. Exits with one line on stderr when it cannot.
"""
import json
import math
import sys


def main() -> None:
    spec_path, out_path, width, height = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only, no display
        import matplotlib.pyplot as plt
    except ImportError:
        sys.exit("matplotlib is missing: make deps installs it (Debian's python3-matplotlib)")
    with open(spec_path, encoding="utf-8") as spec_file:
        spec = json.load(spec_file)
    dpi = 100
    figure, axes = plt.subplots(figsize=(width / dpi, height / dpi), dpi=dpi)
    for series in spec["series"]:
        # A diverged run's NaN arrives as null: left out, like values a log axis cannot show.
        points = [(x, y) for x, y in zip(series["x"], series["y"])
                  if x is not None and y is not None and math.isfinite(x) and math.isfinite(y)
                  and (y > 0 or not spec["log_y"])]
        if points:
            xs, ys = zip(*points)
            axes.plot(xs, ys, marker="o", markersize=3, linewidth=1.5, label=series["label"])
    for level, style in zip(spec["levels"], ["--", ":", "-."] * len(spec["levels"])):
        axes.axhline(level["y"], linestyle=style, linewidth=1.2, color="0.35", label=level["label"])
    if spec["log_y"]:
        axes.set_yscale("log")
    axes.set_title(spec["title"])
    axes.set_xlabel(spec["x_title"])
    axes.set_ylabel(spec["y_title"])
    axes.grid(alpha=0.3)
    axes.legend(loc="best")
    figure.tight_layout()
    figure.savefig(out_path, dpi=dpi)


if __name__ == "__main__":
    main()
