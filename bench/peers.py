#!/usr/bin/python3
"""One peer model on the fixed split, timed like prodcat: prints one JSON object.

Predict time as prodcat's `./prodcat evaluate` takes it: one untimed pass over the test titles, then the best of five
timed passes (the peers predict the whole test set as one batch, their fastest way; prodcat one title at a time).

Usage: peers.py {sklearn-word|sklearn-word-char|fasttext} DATA_DIR WORK_DIR [LABEL_COLUMN (default department)]
Runs with Debian's python3-sklearn and python3-fasttext (apt-get install python3-sklearn python3-fasttext).
"""
import csv
import json
import os
import pickle
import resource
import sys
import time

from sklearn.metrics import accuracy_score, f1_score


def read(path, label):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["product_name"] for r in rows], [r[label] for r in rows]


def sklearn_pipeline(kind):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, make_pipeline
    from sklearn.svm import LinearSVC

    word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    if kind == "sklearn-word":
        return make_pipeline(word, LinearSVC())
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    return make_pipeline(FeatureUnion([("word", word), ("char", chars)]), LinearSVC(C=0.5))


def warm_best_of_five(predict):
    """The answers of one untimed pass, and the fastest of five timed passes (seconds)."""
    answers = predict()
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        predict()
        best = min(best, time.perf_counter() - start)
    return answers, best


def run_sklearn(kind, train, test, work):
    model = sklearn_pipeline(kind)
    start = time.perf_counter()
    model.fit(*train)
    train_seconds = time.perf_counter() - start
    predicted, predict_seconds = warm_best_of_five(lambda: list(model.predict(test[0])))
    path = os.path.join(work, kind + ".pkl")
    with open(path, "wb") as f:
        pickle.dump(model, f)
    return predicted, train_seconds, predict_seconds, os.path.getsize(path)


def run_fasttext(train, test, work):
    import fasttext

    path = os.path.join(work, "fasttext.train.txt")
    with open(path, "w", encoding="utf-8") as f:
        for text, label in zip(*train):
            f.write("__label__" + label.replace(" ", "_") + " " + text.replace("\n", " ") + "\n")
    start = time.perf_counter()
    model = fasttext.train_supervised(input=path, verbose=0)
    train_seconds = time.perf_counter() - start
    titles = [t.replace("\n", " ") for t in test[0]]
    (labels, _), predict_seconds = warm_best_of_five(lambda: model.predict(titles))
    predicted = [l[0][len("__label__"):].replace("_", " ") for l in labels]
    model_path = os.path.join(work, "fasttext.bin")
    model.save_model(model_path)
    return predicted, train_seconds, predict_seconds, os.path.getsize(model_path)


def main():
    kind, data, work = sys.argv[1:4]
    label = sys.argv[4] if len(sys.argv) > 4 else "department"
    train = read(os.path.join(data, "train.csv"), label)
    test = read(os.path.join(data, "test.csv"), label)
    if kind == "fasttext":
        predicted, train_s, predict_s, size = run_fasttext(train, test, work)
    else:
        predicted, train_s, predict_s, size = run_sklearn(kind, train, test, work)
    truth = test[1]
    present = sorted(set(truth))
    per_class = f1_score(truth, predicted, labels=present, average=None, zero_division=0)
    worst = min(range(len(present)), key=lambda i: per_class[i])
    print(json.dumps({
        "model": kind,
        "accuracy": accuracy_score(truth, predicted),
        "macro_f1": f1_score(truth, predicted, average="macro", zero_division=0),
        "weighted_f1": f1_score(truth, predicted, average="weighted", zero_division=0),
        "min_f1": float(per_class[worst]),
        "worst_class": present[worst],
        "train_seconds": train_s,
        "predict_us_per_item": predict_s / len(truth) * 1e6,
        "model_bytes": size,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }))


if __name__ == "__main__":
    main()
