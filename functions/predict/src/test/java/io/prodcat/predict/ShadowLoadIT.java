package io.prodcat.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.VersionTrafficDao;
import io.prodcat.testkit.FunctionServers;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Shadow under 500 requests a second ({@link RolloutLoadContract}). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@FunctionServers(database = "predict_shadow")
class ShadowLoadIT extends RolloutLoadContract {

    private static final String MODEL = "prodcat-shadow-it";

    @LocalServerPort
    private int port;

    @BeforeAll
    static void servers(FunctionServers.Servers servers) throws Exception {
        servers(servers, MODEL);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry properties) {
        register(properties, MODEL, "shadow");
    }

    @Test
    void theChampionAnswersEveryRequestAndTheChallengerScoresThemAllOffThePath() throws Exception {
        awaitChallenger(port);

        List<Exchange> exchanges = load(port);

        assertThat(exchanges).hasSize(RATE * SECONDS).allSatisfy(exchange -> {
            assertThat(exchange.status()).isEqualTo(200);
            assertThat(exchange.version()).isEqualTo("1");
            assertThat(exchange.body().has("servedBy")).isFalse();
        });
        assertEachAnswerIsTheNamedVersions(exchanges);

        long texts = exchanges.stream()
                .mapToLong(exchange -> exchange.texts().size())
                .sum();
        VersionTrafficDao.Totals champion = traffic("1");
        VersionTrafficDao.Totals challenger = traffic("2");
        assertThat(champion.answered()).isEqualTo(exchanges.size());
        assertThat(challenger.answered()).isZero();
        assertThat(challenger.compared() + challenger.compareDropped() + challenger.shadowFailed())
                .isEqualTo(texts);
        assertThat(challenger.compared()).isGreaterThan(texts * 9 / 10);
        // the challenger's answers differ from the champion's exactly on the texts where the two models differ
        long differing = exchanges.stream()
                .flatMap(exchange -> exchange.texts().stream())
                .filter(text -> !best(CHAMPION, text).equals(best(CHALLENGER, text)))
                .count();
        assertThat(differing).isPositive();
        if (challenger.compareDropped() == 0) {
            assertThat(challenger.compared() - challenger.agreed()).isEqualTo(differing);
        }
        // and they are in the prediction log under its version, for the drift check and feedback per version
        long logged = 0;
        for (int i = 0; i < 50 && logged < challenger.compared(); i++) {
            Thread.sleep(200);
            logged = jdbi.withHandle(
                    handle -> handle.createQuery("SELECT COUNT(*) FROM prediction_log WHERE model_version = '2'")
                            .mapTo(Long.class)
                            .one());
        }
        assertThat(logged).isEqualTo(challenger.compared());
    }
}
