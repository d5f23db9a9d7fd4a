package io.prodcat.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.engine.features.TextKey;
import io.prodcat.testkit.SyntheticCatalog;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The feedback loop attacked and used honestly through the real chain (docs/SECURITY.md, Poisoning): predict's
 * feedback keys and export, train, evaluate and its gate, as the demo deploys them. The catalogue files ghee, a dairy
 * product, under snacks in its training part: a genuine mistake that honest clients correct. Attackers file dairy
 * titles under pets. In order, on one deployment: the attacks leave the champion and its answers as they were; the
 * honest correction is promoted and fixes the titles.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoisoningIT {

    private static final String[] GHEE = {"clarified", "cultured", "grassfed", "desi", "organic", "spiced"};

    private static FeedbackChain chain;
    private static String champion;
    private static final List<String> DAIRY = new ArrayList<>();
    private static final List<String> MISLABELLED_GHEE = new ArrayList<>();

    @BeforeAll
    static void deployAndTrainTheChampion(@TempDir Path dir) throws Exception {
        chain = FeedbackChain.start("department", 6, Map.of(), new PrintWriter(System.out, true));
        StringBuilder csv = new StringBuilder(SyntheticCatalog.csv(400, 5));
        for (SyntheticCatalog.Product product : SyntheticCatalog.products(400, 5)) {
            if (product.category().equals("dairy")) {
                DAIRY.add(product.title());
            }
        }
        // 18 ghee titles of the training part filed under snacks (36 corrections: within a tenth of dairy's 400
        // rows), 3 of the held-out part filed right
        int heldOutGhee = 0;
        for (int i = 0; MISLABELLED_GHEE.size() < 18 || heldOutGhee < 3; i++) {
            String title = GHEE[i % GHEE.length] + " ghee jar " + (200 + i) + " g";
            boolean trainedOn = TextKey.position(title, 7) >= 0.1; // train's holdout: PRODCAT_TRAINING_HOLDOUT_* 0.1, 7
            if (trainedOn && MISLABELLED_GHEE.size() < 18) {
                csv.append(title).append(",snacks\n");
                MISLABELLED_GHEE.add(title);
            } else if (!trainedOn && heldOutGhee < 3) {
                csv.append(title).append(",dairy\n");
                heldOutGhee++;
            }
        }
        Path catalogue = dir.resolve("catalogue.csv");
        Files.writeString(catalogue, csv, StandardCharsets.UTF_8);
        champion = chain.train(catalogue, "train/catalogue.csv");
        assertThat(champion).as("the first model is promoted").isNotNull();
        assertThat(chain.answers(MISLABELLED_GHEE).values())
                .as("the champion learnt the mistake")
                .containsOnly("snacks");
    }

    @AfterAll
    static void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    /** One client, 95 rows as in the attack on the demo: none of them reaches a training set, an admin sees them. */
    @Test
    @Order(1)
    void oneClientCannotMoveATitleHoweverManyRowsItSends() throws Exception {
        List<String> targeted = DAIRY.subList(0, 95);
        Map<String, String> before = chain.answers(targeted);
        for (String title : targeted) {
            assertThat(chain.feedback(chain.feedbackKeys().get(0), title, "pets"))
                    .isEqualTo(201);
        }

        JsonNode export = chain.export();

        assertThat(export.path("feedbackRows").asInt()).as(export.toString()).isZero();
        assertThat(chain.servedVersion()).isEqualTo(champion);
        assertThat(chain.answers(targeted)).isEqualTo(before);
        assertThat(chain.heldByClient().path("demo-shop").asInt())
                .as("95 corrections in the window are more than 50")
                .isEqualTo(95);
    }

    /** Three clients agreeing on the same 60 corrections each: held for an admin, not trained on. */
    @Test
    @Order(2)
    void threeColludingClientsAreHeldForReviewAndChangeNothing() throws Exception {
        List<String> targeted = DAIRY.subList(95, 155);
        Map<String, String> before = chain.answers(targeted);
        for (int client = 1; client <= 3; client++) {
            for (String title : targeted) {
                assertThat(chain.feedback(chain.feedbackKeys().get(client), title, "pets"))
                        .isEqualTo(201);
            }
        }

        JsonNode export = chain.export();

        assertThat(export.path("feedbackRows").asInt()).as(export.toString()).isZero();
        for (int client = 1; client <= 3; client++) {
            assertThat(chain.heldByClient()
                            .path(FeedbackChain.clientName(client))
                            .asInt())
                    .isEqualTo(60);
        }
        assertThat(chain.servedVersion()).isEqualTo(champion);
        assertThat(chain.answers(targeted)).isEqualTo(before);
    }

    /**
     * Three other clients correct the mislabelled ghee, each title by two of them: the export trains a candidate that
     * the gate compares on rows neither model trained on and on the reference; it is promoted and files ghee as dairy.
     */
    @Test
    @Order(3)
    void honestCorrectionsFromThreeClientsArePromotedAndFixTheTitles() throws Exception {
        List<String> honest = chain.feedbackKeys().subList(4, 7);
        for (int i = 0; i < MISLABELLED_GHEE.size(); i++) {
            for (int vote = 0; vote < 2; vote++) {
                assertThat(chain.feedback(honest.get((i + vote) % 3), MISLABELLED_GHEE.get(i), "dairy"))
                        .isEqualTo(201);
            }
        }

        JsonNode export = chain.export();

        assertThat(export.path("feedbackRows").asInt()).as(export.toString()).isEqualTo(2 * MISLABELLED_GHEE.size());
        ChainFollower.Chain retrained = chain.followExport(export);
        assertThat(retrained.promotedVersion)
                .as(String.valueOf(retrained.evaluation))
                .isNotNull()
                .isNotEqualTo(champion);
        assertThat(chain.answers(MISLABELLED_GHEE).values()).containsOnly("dairy");
    }
}
