"""The "Warm start" section of docs/BENCHMARKS.md from bench/warm.sh's results (one JSON object a line).
    python3 bench/warm_report.py warm.jsonl MACHINE DATE SEEDS
"""
import json
import statistics
import sys

NOTES = {
    "departments": "21 departments; parent on 80 % of the training rows",
    "aisles": "134 aisle paths; parent on 80 %",
    "relabelled": "departments; after the parent, frozen/bakery and snacks/beverages swap labels",
    "new-classes": "departments; the parent never saw pets and babies",
}


def spread(values, digits):
    return "%.*f (%.*f–%.*f)" % (digits, statistics.median(values), digits, min(values), digits, max(values))


def main():
    path, machine, date, seeds = sys.argv[1:]
    results = [json.loads(line) for line in open(path)]
    print("## Warm start (`bench/warm.sh`)")
    print()
    print("Per catalogue a parent model is trained on 80 % of the training rows; then all training rows are trained"
          " cold (the cost path) and warm (`--from` the parent: one checkpoint at the parent's setting and a cold check"
          " on a tenth of the rows) in alternation, each scored on the test rows. Time is the training's own"
          " (`train_seconds`: reading, features, solves, compaction); each seed is one round, cold and warm with the same"
          " seed (it moves the validation split and the solver's order); medians and ranges over the rounds.")
    print()
    print("- command: `bench/warm.sh %s`" % seeds)
    print("- machine: %s" % machine)
    print("- date: %s" % date)
    print()
    print("| catalogue | cold s | warm s | warm / cold | cold test macro-F1 | warm test macro-F1 | Δ (per seed) |"
          " warm run chose | validation: warm, cold check |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for catalogue in NOTES:
        cold = [r for r in results if r["catalogue"] == catalogue and r["start"] == "cold"]
        warm = [r for r in results if r["catalogue"] == catalogue and r["start"] == "warm"]
        if not cold or not warm:
            continue
        cold_s = [r["train_seconds"] for r in cold]
        warm_s = [r["train_seconds"] for r in warm]
        cold_f1 = [r["macro_f1"] for r in cold]
        warm_f1 = [r["macro_f1"] for r in warm]
        deltas = ", ".join("%+.4f" % (w - c) for w, c in zip(warm_f1, cold_f1))
        chose = [r["lineage"]["start"] for r in warm]
        print("| %s (%s) | %s | %s | %.0f %% | %s | %s | %s | %s | %.4f, %.4f |" % (
            catalogue, NOTES[catalogue], spread(cold_s, 1), spread(warm_s, 1),
            100 * statistics.median(warm_s) / statistics.median(cold_s), spread(cold_f1, 4), spread(warm_f1, 4),
            deltas,
            ", ".join("%s %d/%d" % (s, chose.count(s), len(chose)) for s in sorted(set(chose))),
            statistics.median(r["lineage"]["warmValidationMacroF1"] for r in warm),
            statistics.median(r["lineage"]["coldValidationMacroF1"] for r in warm)))


if __name__ == "__main__":
    main()
