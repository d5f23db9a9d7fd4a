package io.prodcat.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small made-up product catalogues for tests: each category has words of its own, plus shared noise. */
public final class SyntheticCatalog {

    private static final String[][] CATEGORIES = {
        {"dairy", "milk", "yogurt", "cheese", "butter", "cream", "kefir"},
        {"snacks", "chips", "crackers", "pretzels", "popcorn", "cookies", "nuts"},
        {"beverages", "soda", "juice", "water", "tea", "coffee", "lemonade"},
        {"pets", "dog", "cat", "kibble", "litter", "treats", "chew"},
    };
    private static final String[] NOISE = {"organic", "classic", "family", "size", "original", "fresh", "value", "pack"
    };

    private SyntheticCatalog() {}

    /** A made-up product title and its category. */
    public record Product(String title, String category) {}

    /** {@code perClass} titles for each of the four categories, interleaved, reproducible for a seed. */
    public static List<Product> products(int perClass, long seed) {
        Random random = new Random(seed);
        List<Product> rows = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (String[] category : CATEGORIES) {
                String title = NOISE[random.nextInt(NOISE.length)] + " "
                        + category[1 + random.nextInt(category.length - 1)] + " "
                        + category[1 + random.nextInt(category.length - 1)] + " "
                        + NOISE[random.nextInt(NOISE.length)] + " " + (random.nextInt(90) + 10) + " oz";
                rows.add(new Product(title, category[0]));
            }
        }
        return rows;
    }

    /** The category tree {@link #pathCsv} files the four categories under. */
    public static final java.util.Map<String, String> PATHS = java.util.Map.of(
            "dairy", "food > dairy",
            "snacks", "food > snacks",
            "beverages", "drinks > beverages",
            "pets", "pets > supplies");

    /** The same rows as {@link #csv}, each category as its two-level path in {@link #PATHS}. */
    public static String pathCsv(int perClass, long seed) {
        StringBuilder csv = new StringBuilder("product_name,department\n");
        products(perClass, seed)
                .forEach(row -> csv.append(row.title())
                        .append(',')
                        .append(PATHS.get(row.category()))
                        .append('\n'));
        return csv.toString();
    }

    /** The same rows as CSV text with header {@code product_name,department}. */
    public static String csv(int perClass, long seed) {
        StringBuilder csv = new StringBuilder("product_name,department\n");
        products(perClass, seed)
                .forEach(row -> csv.append(row.title())
                        .append(',')
                        .append(row.category())
                        .append('\n'));
        return csv.toString();
    }

    /** Made-up hardware titles: a domain the grocery catalogue never saw (the drift check's off-domain stream). */
    public static List<String> offDomainTitles(int count, long seed) {
        String[] brands = {"Bosch", "DeWalt", "Makita", "Stanley", "Hilti", "Ryobi"};
        String[] things = {
            "Cordless Drill",
            "Hex Bolt",
            "Wood Screw",
            "Angle Grinder",
            "Steel Hammer",
            "Socket Set",
            "Wall Anchor",
            "Tape Measure",
            "Pipe Wrench",
            "Circular Saw"
        };
        String[] details = {
            "18V",
            "M8 x 40 mm",
            "Zinc Plated",
            "Stainless Steel",
            "Brushless",
            "125 mm",
            "Pack of 50",
            "with Case",
            "Heavy Duty",
            "Metric"
        };
        java.util.Random random = new java.util.Random(seed);
        List<String> titles = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            titles.add(brands[random.nextInt(brands.length)] + " " + things[random.nextInt(things.length)] + " "
                    + details[random.nextInt(details.length)]);
        }
        return titles;
    }
}
