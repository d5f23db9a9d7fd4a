#!/usr/bin/env python3
"""Writes the catalogues the engine's settings are chosen and checked on, each as train.csv, valid.csv and test.csv
(columns product_name,category), derived deterministically from ../shared/data (never copied into the project):

- departments: the department split; valid.csv = the training rows whose product_id ends in 3 (about 10 %),
  train.csv = the other training rows, test.csv = the split's test rows.
- aisles: the aisles split (category paths), divided the same way.
- long-tail: the aisles catalogue with a third of its leaves (chosen by SEED) cut down to 3-15 training rows each;
  valid.csv and test.csv keep every row, so a cut leaf is judged on as many titles as before.
- long-titles: the long-tail catalogue with every title followed by 15-30 words drawn from the titles of its leaf in
  the whole aisles catalogue (one vocabulary per leaf for every file, so no file is easier than another), as
  descriptive titles are: many n-grams, each carrying little.
- generated: bench/generate_catalogue.py's three-level tree (300 leaves, Zipf-like sizes, the rarest a handful of
  rows), with every tenth training row of each leaf as valid.csv.

Settings are chosen on valid.csv (trained on train.csv); test.csv is for the final figures only.

Usage: catalogues.py OUT_DIR [SEED]
"""
import csv
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def read(path, label):
    with open(path, newline="", encoding="utf-8") as f:
        return [(row["product_id"], row["product_name"], row[label]) for row in csv.DictReader(f)]


def write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["product_name", "category"])
        out.writerows((name, label) for _, name, label in rows)


def divide(rows):
    """(train, valid): valid is every row whose product_id ends in 3."""
    return [r for r in rows if not r[0].endswith("3")], [r for r in rows if r[0].endswith("3")]


def write_catalogue(out, name, train, valid, test):
    directory = os.path.join(out, name)
    os.makedirs(directory, exist_ok=True)
    for part, rows in (("train", train), ("valid", valid), ("test", test)):
        write(os.path.join(directory, part + ".csv"), rows)
    print(f"{name}: {len(train)} train, {len(valid)} valid, {len(test)} test rows, "
          f"{len({r[2] for r in train})} classes", file=sys.stderr)


def long_tail(train, seed):
    """A third of the leaves cut to 3-15 training rows (seeded choice of leaves, counts and rows)."""
    rng = random.Random(seed)
    leaves = sorted({r[2] for r in train})
    cut = {leaf: rng.randint(3, 15) for leaf in rng.sample(leaves, len(leaves) // 3)}
    seen = {}
    shuffled = train[:]
    rng.shuffle(shuffled)
    chosen = set()
    for row in shuffled:
        leaf = row[2]
        if leaf in cut:
            if seen.get(leaf, 0) >= cut[leaf]:
                continue
            seen[leaf] = seen.get(leaf, 0) + 1
        chosen.add(row[0])
    return [r for r in train if r[0] in chosen]  # the original order


def long_titles(rows, vocabulary, rng):
    """Each title followed by 15-30 words drawn from its leaf's vocabulary."""
    return [(pid, name + " " + " ".join(rng.choice(vocabulary[label]) for _ in range(rng.randint(15, 30))), label)
            for pid, name, label in rows]


def main():
    out = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 33
    data = os.environ.get("PRODCAT_SHARED_DATA", os.path.join(HERE, "..", "..", "shared", "data"))
    for name, split, label in (("departments", "instacart", "department"),
                               ("aisles", "instacart-aisles", "category_path")):
        train, valid = divide(read(os.path.join(data, split, "train.csv"), label))
        test = read(os.path.join(data, split, "test.csv"), label)
        write_catalogue(out, name, train, valid, test)
        if name == "aisles":
            cut = long_tail(train, seed)
            write_catalogue(out, "long-tail", cut, valid, test)
            rng = random.Random(seed)
            vocabulary = {}
            for _, title, leaf in train + valid + test:
                vocabulary.setdefault(leaf, []).extend(title.split())
            write_catalogue(out, "long-titles", *(long_titles(rows, vocabulary, rng) for rows in (cut, valid, test)))
    generated = os.path.join(out, "generated-source")
    subprocess.run([sys.executable, os.path.join(HERE, "generate_catalogue.py"), "300", "20000", generated,
                    str(seed)], check=True, stdout=subprocess.DEVNULL)
    rows = []
    for part in ("train", "test"):
        with open(os.path.join(generated, part + ".csv"), newline="", encoding="utf-8") as f:
            rows.append([(str(i), r["product_name"], r["category"]) for i, r in enumerate(csv.DictReader(f))])
    by_leaf = {}
    for row in rows[0]:
        by_leaf.setdefault(row[2], []).append(row)
    valid_ids = {r[0] for members in by_leaf.values() for r in members[9::10]}
    write_catalogue(out, "generated", [r for r in rows[0] if r[0] not in valid_ids],
                    [r for r in rows[0] if r[0] in valid_ids], rows[1])


if __name__ == "__main__":
    main()
