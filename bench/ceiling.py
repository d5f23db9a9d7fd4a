#!/usr/bin/python3
"""How far classical text classifiers get on a fixed split: a wider sweep than peers.py, to tell whether a quality
target is within reach of this family of models. Every figure is test macro-F1 on the fixed split, so picking the
best row afterwards is an optimistic upper bound (the choice is made on the test set), not a fair comparison.

Usage: ceiling.py DATA_DIR LABEL_COLUMN [sklearn|fasttext]  (e.g. ../shared/data/instacart-aisles category_path)
Prints one JSON line per configuration. Needs Debian's python3-sklearn and python3-fasttext.
"""
import csv
import json
import os
import sys
import tempfile
import time

import numpy as np
from sklearn.metrics import f1_score


def read(path, label):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["product_name"] for r in rows], [r[label] for r in rows]


def features(word_range, char_range):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    parts = [("word", TfidfVectorizer(ngram_range=word_range, sublinear_tf=True))]
    if char_range:
        parts.append(("char", TfidfVectorizer(analyzer="char_wb", ngram_range=char_range, sublinear_tf=True)))
    return FeatureUnion(parts)


def sklearn_configs():
    from sklearn.linear_model import RidgeClassifier, SGDClassifier
    from sklearn.naive_bayes import ComplementNB
    from sklearn.svm import LinearSVC

    for c in (0.25, 0.5, 1.0):
        yield f"LinearSVC C={c}, word 1-2 + char_wb 2-5", features((1, 2), (2, 5)), LinearSVC(C=c)
    yield "LinearSVC C=0.5 balanced, word 1-2 + char_wb 2-5", features((1, 2), (2, 5)), LinearSVC(
        C=0.5, class_weight="balanced")
    yield "LinearSVC C=0.5, word 1-3 + char_wb 1-6", features((1, 3), (1, 6)), LinearSVC(C=0.5)
    yield "LinearSVC C=0.5 Crammer-Singer, word 1-2 + char_wb 2-5", features((1, 2), (2, 5)), LinearSVC(
        C=0.5, multi_class="crammer_singer")
    yield "RidgeClassifier, word 1-2 + char_wb 2-5", features((1, 2), (2, 5)), RidgeClassifier(alpha=1.0)
    yield "SGD modified_huber averaged, word 1-2 + char_wb 2-5", features((1, 2), (2, 5)), SGDClassifier(
        loss="modified_huber", alpha=2e-5, average=True, max_iter=30, tol=None, random_state=0)
    yield "ComplementNB, word 1-2 + char_wb 2-5", features((1, 2), (2, 5)), ComplementNB(alpha=0.3)
    # LogisticRegression (lbfgs, multinomial) on word + char features ran over 15 minutes at 6.5 GB without finishing
    # on 2026-11-28; on word features alone it took 367 s for 0.6935 (issue 13's table): left out


def run_sklearn(name, vectorizer, model, train, test):
    start = time.perf_counter()
    x_train = vectorizer.fit_transform(train[0])
    model.fit(x_train, train[1])
    seconds = time.perf_counter() - start
    return list(model.predict(vectorizer.transform(test[0]))), seconds


def run_fasttext(name, params, train, test):
    import fasttext

    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        for text, label in zip(*train):
            f.write("__label__" + label.replace(" ", "_") + " " + text.replace("\n", " ") + "\n")
    start = time.perf_counter()
    model = fasttext.train_supervised(input=f.name, verbose=0, **params)
    seconds = time.perf_counter() - start
    os.unlink(f.name)
    labels, _ = model.predict([t.replace("\n", " ") for t in test[0]])
    return [l[0][len("__label__"):].replace("_", " ") for l in labels], seconds


def report(name, truth, predicted, seconds):
    present = sorted(set(truth))
    per_class = f1_score(truth, predicted, labels=present, average=None, zero_division=0)
    accuracy = float(np.mean([t == p for t, p in zip(truth, predicted)]))
    print(json.dumps({"model": name, "macro_f1": round(float(np.mean(per_class)), 4), "accuracy": round(accuracy, 4),
                      "train_seconds": round(seconds, 1)}), flush=True)


def main():
    data, label = sys.argv[1:3]
    train = read(os.path.join(data, "train.csv"), label)
    test = read(os.path.join(data, "test.csv"), label)
    only = sys.argv[3] if len(sys.argv) > 3 else None
    for name, vectorizer, model in sklearn_configs() if only in (None, "sklearn") else []:
        predicted, seconds = run_sklearn(name, vectorizer, model, train, test)
        report(name, test[1], predicted, seconds)
    for name, params in [] if only == "sklearn" else [
        ("fastText 50 epochs, lr 0.5, word bigrams, char 2-5, dim 100",
         dict(epoch=50, lr=0.5, wordNgrams=2, minn=2, maxn=5, dim=100)),
        ("fastText 25 epochs, lr 1.0, word trigrams, dim 50", dict(epoch=25, lr=1.0, wordNgrams=3, dim=50)),
    ]:
        predicted, seconds = run_fasttext(name, params, train, test)
        report(name, test[1], predicted, seconds)


if __name__ == "__main__":
    main()
