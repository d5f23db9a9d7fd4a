#!/usr/bin/env python3
"""Generates a made-up product catalogue for the scale benchmark (bench/scale.sh): LEAVES category paths in a
three-level tree (`department > aisle > leaf`), ROWS titles, written as train.csv and test.csv (every tenth row of
each leaf) with columns product_name,category.

Realistic enough to be hard: every node has its own made-up words (leaf nouns, aisle and department words), siblings
share their aisle's words, a few nouns belong to two leaves of one aisle, brands are shared across the whole catalogue
(some belong to one department), leaf sizes follow a Zipf-like curve (the rarest have a handful of rows), and about
one title in ten has a typo. Deterministic for a seed.

Usage: generate_catalogue.py LEAVES ROWS OUT_DIR [SEED]
"""
import csv
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples"))
from generate_products import typo  # noqa: E402  the example catalogue's typos: a letter dropped, doubled or swapped

CONSONANTS = "bcdfghklmnprstvz"
VOWELS = "aeiou"
ADJECTIVES = ["organic", "original", "classic", "family size", "unsweetened", "low fat", "gluten free", "value pack",
              "natural", "extra large", "mini", "reduced sodium", "variety pack", "fresh", "premium", "light"]
SIZES = ["12 oz", "16 oz", "1 lb", "2 lb", "6 ct", "12 ct", "24 ct", "32 fl oz", "1 gal", "64 oz", "8 pk", "500 g"]


def word(rng, syllables):
    return "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(syllables)) + rng.choice(CONSONANTS)


def unique_words(rng, count, syllables, taken):
    words = []
    while len(words) < count:
        candidate = word(rng, syllables)
        if candidate not in taken:
            taken.add(candidate)
            words.append(candidate)
    return words


def shape(leaves):
    """Departments, aisles per department and leaves per aisle whose product is at least LEAVES."""
    departments = max(5, round(leaves ** (1 / 3) * 1.2))
    aisles = max(2, round((leaves / departments) ** 0.5))
    per_aisle = -(-leaves // (departments * aisles))
    return departments, aisles, per_aisle


def build_tree(rng, leaves):
    departments, aisles, per_aisle = shape(leaves)
    taken = set()
    tree = []  # (path, own nouns, aisle words, department words, department index)
    for d in range(departments):
        department = unique_words(rng, 1, 3, taken)[0]
        department_words = unique_words(rng, 2, 2, taken)
        for _ in range(aisles):
            aisle = unique_words(rng, 1, 3, taken)[0]
            aisle_words = unique_words(rng, 3, 2, taken)
            siblings = []
            for _ in range(per_aisle):
                if len(tree) == leaves:
                    break
                leaf = unique_words(rng, 1, 3, taken)[0]
                nouns = unique_words(rng, 4, 2, taken)
                if siblings and rng.random() < 0.3:
                    nouns.append(rng.choice(rng.choice(siblings)))  # a noun two leaves share
                siblings.append(nouns)
                tree.append((f"{department} > {aisle} > {leaf}", nouns, aisle_words, department_words, d))
    return tree, departments


def title(rng, leaf, shared_brands, own_brands):
    _, nouns, aisle_words, department_words, d = leaf
    roll = rng.random()
    if roll < 0.7:
        core = rng.choice(nouns) + (" " + rng.choice(nouns) if rng.random() < 0.3 else "")
    elif roll < 0.9:
        core = rng.choice(aisle_words) + " " + rng.choice(nouns)
    else:
        core = rng.choice(department_words) + " " + rng.choice(aisle_words)
    brand = rng.choice(own_brands[d] if rng.random() < 0.3 else shared_brands) if rng.random() < 0.7 else ""
    parts = [brand, rng.choice(ADJECTIVES) if rng.random() < 0.6 else "", core, rng.choice(SIZES)]
    text = " ".join(p for p in parts if p).title()
    return typo(rng, text) if rng.random() < 0.1 else text


def main():
    leaves, rows, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 2026)
    tree, departments = build_tree(rng, leaves)
    taken = set()
    shared_brands = [b.title() for b in unique_words(rng, 300, 2, taken)]
    own_brands = [[b.title() for b in unique_words(rng, 5, 2, taken)] for _ in range(departments)]
    weights = [1 / (rank + 10) ** 0.8 for rank in range(len(tree))]
    rng.shuffle(weights)
    total = sum(weights)
    counts = [max(12, round(rows * w / total)) for w in weights]  # at least 12: some in test, some in validation
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "train.csv"), "w", newline="", encoding="utf-8") as train_file, \
            open(os.path.join(out, "test.csv"), "w", newline="", encoding="utf-8") as test_file:
        train, test = csv.writer(train_file, lineterminator="\n"), csv.writer(test_file, lineterminator="\n")
        train.writerow(["product_name", "category"])
        test.writerow(["product_name", "category"])
        written = 0
        for leaf, count in zip(tree, counts):
            for i in range(count):
                (test if i % 10 == 0 else train).writerow([title(rng, leaf, shared_brands, own_brands), leaf[0]])
            written += count
    print(f"{out}: {len(tree)} leaves in {departments} departments, {written} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
