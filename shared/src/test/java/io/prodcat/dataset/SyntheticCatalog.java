package io.prodcat.dataset;

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
    private static final String[] NOISE = {"organic", "classic", "family", "size", "original", "fresh", "value", "pack"};

    private SyntheticCatalog() {
    }

    /** {@code perClass} titles for each of the four categories, interleaved, reproducible for a seed. */
    public static List<LabelledText> rows(int perClass, long seed) {
        Random random = new Random(seed);
        List<LabelledText> rows = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (String[] category : CATEGORIES) {
                String title = NOISE[random.nextInt(NOISE.length)] + " "
                        + category[1 + random.nextInt(category.length - 1)] + " "
                        + category[1 + random.nextInt(category.length - 1)] + " "
                        + NOISE[random.nextInt(NOISE.length)] + " " + (random.nextInt(90) + 10) + " oz";
                rows.add(new LabelledText(title, category[0]));
            }
        }
        return rows;
    }

    public static Dataset dataset(int perClass, long seed) {
        List<LabelledText> rows = rows(perClass, seed);
        return new Dataset(rows, rows.stream().map(LabelledText::label).distinct().sorted().toList(),
                "0123456789abcdef0123456789abcdef01234567");
    }

    /** The same rows as CSV text with header {@code product_name,department}. */
    public static String csv(int perClass, long seed) {
        StringBuilder csv = new StringBuilder("product_name,department\n");
        rows(perClass, seed).forEach(row -> csv.append(row.text()).append(',').append(row.label()).append('\n'));
        return csv.toString();
    }
}
