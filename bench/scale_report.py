#!/usr/bin/python3
"""The Scale section of docs/BENCHMARKS.md (stdout) and its plot, from bench/scale.sh's results.

Usage: scale_report.py WORK_DIR PNG COMMAND MACHINE DATE HEAP TIMEOUT_S
"""
import glob
import json
import os
import sys

work, png, command, machine, date, heap, timeout_s = sys.argv[1:8]
results = sorted((json.load(open(path)) for path in glob.glob(os.path.join(work, "result-*.json"))),
                 key=lambda r: (r["rows"], r["leaves"]))

print("## Scale: generated catalogues (`bench/scale.sh`)\n")
print("Catalogues made by `bench/generate_catalogue.py` (three-level trees, made-up words with overlap between "
      "siblings, shared brands, typos, Zipf-like leaf sizes; every tenth row of a leaf is the test set), trained "
      "one after another with `./prodcat train` at -Xmx{} and at most {} s each.\n".format(heap, timeout_s))
print("- command: `{}`".format(command))
print("- machine: {}".format(machine))
print("- date: {}\n".format(date))
print("| leaves | rows | train wall s | peak RSS | model | leaf macro-F1 | department macro-F1 | predict us/item "
      "| predict function RSS |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for r in results:
    if r["ok"]:
        function_rss = r.get("function_rss_mb")
        print("| {:,} | {:,} | {:.0f} | {:.0f} MB | {:.1f} MB | {:.4f} | {:.4f} | {:.1f} | {} |".format(
            r["leaves"], r["rows"], r["wall_s"], r["peak_rss_mb"], r["model_mb"], r["leaf_macro_f1"],
            r["top_macro_f1"], r["predict_us"],
            "{:.0f} MB".format(function_rss) if function_rss else "did not answer"))
    else:
        print("| {:,} | {:,} | {} | {:.0f} MB | | | | | |".format(
            r["leaves"], r["rows"], "**failed**: " + r["why"], r["peak_rss_mb"]))

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("\n(no plot: python3-matplotlib is not installed)")
    sys.exit(0)
done = [r for r in results if r["ok"]]
figure, axes = plt.subplots(1, 2, figsize=(10, 4))
for ax, (key, label) in zip(axes, (("wall_s", "train wall time (s)"), ("peak_rss_mb", "peak RSS (MB)"))):
    for leaves in sorted({r["leaves"] for r in done}):
        points = [r for r in done if r["leaves"] == leaves]
        ax.plot([r["rows"] for r in points], [r[key] for r in points], marker="o", label="{:,} leaves".format(leaves))
    ax.set_xscale("log")
    ax.set_xlabel("rows")
    ax.set_ylabel(label)
    ax.grid(True, alpha=0.3)
    ax.legend()
figure.suptitle("prodcat training cost against rows, per number of leaves ({})".format(date))
figure.tight_layout()
figure.savefig(png, dpi=100)
print("\n![training cost against rows and classes](scale.png)")
