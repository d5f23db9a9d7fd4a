#!/usr/bin/env python3
"""Writes examples/products.csv: a made-up grocery catalogue (product_name, category) for `./prodcat demo`.

The categories are paths of a three-level tree (`dairy eggs > yogurt > greek yogurt`): 30 leaves under 12 aisles
under 5 departments. It is made not to be trivially separable, so that the demo's figures mean something:
- siblings share words (greek / drinkable / kids yogurt are all "yogurt"), and some nouns sit in two leaves;
- brands are shared across departments, a few belong to one;
- about one title in six is vague (brand, adjective and size only, or the aisle's word without the leaf's);
- about one title in eight has a typo (a letter dropped, doubled or swapped).
Deterministic (fixed seed): rerunning it reproduces the file byte for byte.   python3 examples/generate_products.py
"""
import csv
import pathlib
import random

# department > aisle > leaf: the leaf's own nouns. Nouns repeated in two leaves are deliberate.
TREE = {
    "dairy eggs": {
        "yogurt": {
            "greek yogurt": ["greek yogurt", "plain greek yogurt", "strained yogurt", "skyr"],
            "drinkable yogurt": ["drinkable yogurt", "yogurt smoothie", "kefir", "probiotic yogurt drink"],
            "kids yogurt": ["yogurt tubes", "kids yogurt cups", "yogurt pouches", "squeezable yogurt"],
        },
        "milk": {
            "dairy milk": ["whole milk", "2% milk", "skim milk", "lactose free milk"],
            "plant milk": ["oat milk", "almond milk", "soy milk", "coconut milk beverage"],
        },
        "cheese": {
            "sliced cheese": ["sliced cheddar", "provolone slices", "swiss cheese slices", "american cheese"],
            "shredded cheese": ["shredded mozzarella", "mexican blend cheese", "shredded cheddar", "parmesan"],
        },
    },
    "snacks": {
        "chips": {
            "potato chips": ["potato chips", "kettle chips", "sour cream onion chips", "bbq chips"],
            "tortilla chips": ["tortilla chips", "corn chips", "lime tortilla chips", "blue corn chips"],
        },
        "sweets": {
            "cookies": ["chocolate chip cookies", "sandwich cookies", "oatmeal cookies", "shortbread"],
            "candy": ["gummy bears", "chocolate bar", "sour candy", "peanut butter cups"],
        },
        "nuts bars": {
            "nuts": ["almonds", "cashews", "trail mix", "mixed nuts"],
            "granola bars": ["granola bars", "protein bars", "chewy bars", "nut bars"],
        },
    },
    "beverages": {
        "coffee tea": {
            "coffee": ["ground coffee", "cold brew coffee", "coffee pods", "espresso beans"],
            "tea": ["green tea", "black tea bags", "herbal tea", "iced tea"],
        },
        "soft drinks": {
            "soda": ["cola", "lemon lime soda", "ginger ale", "root beer"],
            "sparkling water": ["sparkling water", "lime sparkling water", "seltzer", "mineral water"],
            "juice": ["orange juice", "apple juice", "lemonade", "coconut water"],
        },
    },
    "household": {
        "cleaning": {
            "dish care": ["dish soap", "dishwasher pods", "dish sponges", "rinse aid"],
            "surface cleaners": ["glass cleaner", "all purpose cleaner", "disinfecting wipes", "bleach spray"],
            "laundry": ["laundry detergent", "fabric softener", "stain remover", "dryer sheets"],
        },
        "paper goods": {
            "paper towels": ["paper towels", "select a size paper towels", "shop towels", "kitchen rolls"],
            "toilet paper": ["toilet paper", "bath tissue", "ultra soft toilet paper", "mega rolls"],
        },
    },
    "pets": {
        "dog": {
            "dog food": ["dry dog food", "puppy chow", "wet dog food", "grain free dog food"],
            "dog treats": ["dog treats", "dental chews", "jerky dog treats", "rawhide chews"],
        },
        "cat": {
            "cat food": ["wet cat food", "dry cat food", "kitten food", "cat food pate"],
            "cat litter": ["cat litter", "clumping litter", "unscented cat litter", "litter pellets"],
        },
    },
}
SHARED_BRANDS = ["Kirkland", "Good & Gather", "Simple Truth", "365", "Great Value", "Market Pantry",
                 "Happy Belly", "Nature's Promise", "Signature Select", "Organic Valley"]
OWN_BRANDS = {"dairy eggs": ["Chobani", "Tillamook"], "snacks": ["Lay's", "Kind"],
              "beverages": ["Folgers", "LaCroix"], "household": ["Seventh Generation", "Bounty"],
              "pets": ["Purina", "Tidy Cats"]}
ADJECTIVES = ["organic", "original", "classic", "family size", "unsweetened", "low fat", "gluten free",
              "value pack", "natural", "extra large", "mini", "reduced sodium", "variety pack", "fresh", ""]
SIZES = ["12 oz", "16 oz", "1 lb", "2 lb", "6 ct", "12 ct", "24 ct", "32 fl oz", "1 gal", "64 oz", "8 pk", ""]
ROWS_PER_LEAF = 100


def typo(rng, text):
    if len(text) < 6:
        return text
    i = rng.randrange(1, len(text) - 2)
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1:]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def title(rng, department, aisle, nouns):
    brand_pool = SHARED_BRANDS + OWN_BRANDS[department] * 2
    brand = rng.choice(brand_pool) if rng.random() < 0.7 else ""
    roll = rng.random()
    if roll < 0.08:
        noun = ""  # vague: brand, adjective and size only
    elif roll < 0.16:
        noun = aisle  # the aisle's word, not the leaf's
    else:
        noun = rng.choice(nouns)
    parts = [brand, rng.choice(ADJECTIVES), noun, rng.choice(SIZES)]
    text = " ".join(p for p in parts if p).title() or "Value Pack"
    return typo(rng, text) if rng.random() < 0.12 else text


def main():
    rng = random.Random(20261127)
    rows = []
    for department, aisles in TREE.items():
        for aisle, leaves in aisles.items():
            for leaf, nouns in leaves.items():
                path = f"{department} > {aisle} > {leaf}"
                rows += [(title(rng, department, aisle, nouns), path) for _ in range(ROWS_PER_LEAF)]
    rng.shuffle(rows)
    path = pathlib.Path(__file__).with_name("products.csv")
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["product_name", "category"])
        writer.writerows(rows)
    print(f"wrote {path} ({len(rows)} rows, {sum(len(l) for a in TREE.values() for l in a.values())} leaves)")


if __name__ == "__main__":
    main()
