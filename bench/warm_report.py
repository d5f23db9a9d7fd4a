"""The "Warm start" section of docs/BENCHMARKS.md from bench/warm.sh's results (one JSON object a line).
    python3 bench/warm_report.py warm.jsonl MACHINE DATE SEEDS [GENERATED]
GENERATED: "LEAVES ROWS" of the generated catalogue (then the "Warm start at scale" section).
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
    path, machine, date, seeds = sys.argv[1:5]
    generated = sys.argv[5] if len(sys.argv) > 5 else ""
    results = [json.loads(line) for line in open(path)]
    if generated:
        leaves, rows = generated.split()
        NOTES.clear()
        NOTES["generated"] = "%s leaves, %s rows by bench/generate_catalogue.py; parent on 98 %% of the training rows" % (
            leaves, rows)
        print("## Warm start at scale (`WARM_GENERATED=\"%s\" bench/warm.sh`)" % generated)
        print()
        parent = ("Per seed a parent is trained on 98 % of the generated catalogue's training rows (the other 2 % stand for the"
                  " issue's 1 % new rows and 20,000 feedback rows per 2 million)")
    else:
        print("## Warm start (`bench/warm.sh`)")
        print()
        parent = "Per catalogue and seed a parent model is trained on 80 % of the training rows"
    print(parent + "; then all training rows are trained"
          " cold (the cost path) and warm (`--from` the parent and its duals: a cold check on a tenth of the rows, then one"
          " solve of all rows at the parent's setting started from its duals, with its class offsets and temperature;"
          " the cost path instead when the check or the share of moved rows says so) in alternation, each scored on the"
          " test rows. Time is the training's own"
          " (`train_seconds`: reading, features, solves, compaction); each seed is one round, its parent, cold and warm"
          " with the same seed (it moves the validation split, the solver's order and the sampled negatives); medians"
          " and ranges over the rounds.")
    print()
    print("- command: `%sbench/warm.sh %s`" % ('WARM_GENERATED="%s" ' % generated if generated else "", seeds))
    print("- machine: %s" % machine)
    print("- date: %s" % date)
    print()
    print("| catalogue | cold s | warm s | warm / cold | cold test macro-F1 | warm test macro-F1 | Δ of medians |"
          " Δ (per seed) | warm run chose | cold check: parent's setting, path's best |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
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
        print("| %s (%s) | %s | %s | %.0f %% | %s | %s | %+.4f | %s | %s | %.4f, %.4f |" % (
            catalogue, NOTES[catalogue], spread(cold_s, 1), spread(warm_s, 1),
            100 * statistics.median(warm_s) / statistics.median(cold_s), spread(cold_f1, 4), spread(warm_f1, 4),
            statistics.median(warm_f1) - statistics.median(cold_f1), deltas,
            ", ".join("%s %d/%d" % (s, chose.count(s), len(chose)) for s in sorted(set(chose))),
            statistics.median(r["lineage"]["warmValidationMacroF1"] for r in warm),
            statistics.median(r["lineage"]["coldValidationMacroF1"] for r in warm)))


if __name__ == "__main__":
    main()
