#!/usr/bin/env python3
"""Writes examples/products.csv: a made-up grocery catalogue (product_name, department) for `./prodcat demo`.

Titles are composed from per-department nouns with shared brands, sizes and adjectives, so that words overlap
between departments and the classifier has something to learn. Deterministic (fixed seed): rerunning it
reproduces the file byte for byte.   python3 examples/generate_products.py
"""
import csv
import pathlib
import random

DEPARTMENTS = {
    "dairy eggs": ["whole milk", "greek yogurt", "cheddar cheese", "large eggs", "salted butter", "sour cream",
                   "cottage cheese", "mozzarella", "heavy cream", "oat milk", "string cheese", "cream cheese"],
    "bakery": ["sourdough bread", "bagels", "croissants", "blueberry muffins", "tortillas", "hamburger buns",
               "rye bread", "cinnamon rolls", "pita bread", "baguette", "english muffins", "dinner rolls"],
    "produce": ["bananas", "baby spinach", "avocados", "red onions", "strawberries", "honeycrisp apples",
                "carrots", "broccoli florets", "lemons", "cherry tomatoes", "blueberries", "cilantro"],
    "beverages": ["sparkling water", "orange juice", "cold brew coffee", "green tea", "cola", "lemonade",
                  "coconut water", "energy drink", "apple juice", "ginger ale", "iced tea", "kombucha"],
    "snacks": ["tortilla chips", "potato chips", "pretzels", "trail mix", "granola bars", "popcorn",
               "rice cakes", "peanut butter cookies", "cheese crackers", "fruit snacks", "almonds", "beef jerky"],
    "frozen": ["frozen pizza", "ice cream", "frozen peas", "fish sticks", "waffles", "frozen burritos",
               "chicken nuggets", "frozen berries", "veggie burgers", "ice pops", "frozen dumplings", "tater tots"],
    "household": ["paper towels", "dish soap", "laundry detergent", "trash bags", "toilet paper", "sponges",
                  "aluminum foil", "glass cleaner", "dishwasher pods", "zip bags", "bleach", "napkins"],
    "pets": ["dry dog food", "cat litter", "wet cat food", "dog treats", "bird seed", "cat treats",
             "puppy chow", "fish flakes", "chew toys", "hamster bedding", "dental chews", "kitten food"],
}
BRANDS = ["Organic Valley", "Kirkland", "Good & Gather", "Simple Truth", "365", "Great Value", "Market Pantry",
          "Happy Belly", "Nature's Promise", "Signature Select"]
ADJECTIVES = ["organic", "original", "classic", "family size", "unsweetened", "low fat", "gluten free",
              "value pack", "natural", "extra large", "mini", "reduced sodium", ""]
SIZES = ["12 oz", "16 oz", "1 lb", "2 lb", "6 ct", "12 ct", "24 ct", "32 fl oz", "1 gal", "64 oz", ""]


def title(rng, noun):
    parts = [rng.choice(BRANDS) if rng.random() < 0.6 else "", rng.choice(ADJECTIVES), noun, rng.choice(SIZES)]
    return " ".join(p for p in parts if p).title()


def main():
    rng = random.Random(20261126)
    rows = [(title(rng, rng.choice(nouns)), department)
            for department, nouns in DEPARTMENTS.items() for _ in range(150)]
    rng.shuffle(rows)
    path = pathlib.Path(__file__).with_name("products.csv")
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["product_name", "department"])
        writer.writerows(rows)
    print(f"wrote {path} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
