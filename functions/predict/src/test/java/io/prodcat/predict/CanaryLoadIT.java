package io.prodcat.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.VersionTrafficDao;
import io.prodcat.testkit.FunctionServers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Canary at 20 % under 500 requests a second ({@link RolloutLoadContract}). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@FunctionServers(database = "predict_canary")
class CanaryLoadIT extends RolloutLoadContract {

    private static final Logger LOG = LoggerFactory.getLogger(CanaryLoadIT.class);
    private static final String MODEL = "prodcat-canary-it";

    @LocalServerPort
    private int port;

    @BeforeAll
    static void servers(FunctionServers.Servers servers) throws Exception {
        servers(servers, MODEL);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry properties) {
        register(properties, MODEL, "canary");
    }

    @Test
    void theChallengerAnswersItsShareOfCallersEachWholeAndStickyWithNoFailures() throws Exception {
        awaitChallenger(port);

        List<Exchange> exchanges = load(port);

        assertThat(exchanges)
                .hasSize(RATE * SECONDS)
                .allSatisfy(exchange -> assertThat(exchange.status()).isEqualTo(200));
        long byChallenger = exchanges.stream()
                .filter(exchange -> exchange.version().equals("2"))
                .count();
        double share = (double) byChallenger / exchanges.size();
        LOG.info(
                "canary share measured: {} of {} requests ({}) at a setting of 0.2",
                byChallenger,
                exchanges.size(),
                share);
        assertThat(share).isBetween(0.18, 0.22);
        // the response says who answered, and a caller stays on its side for the whole trial
        Map<String, String> sideOfCaller = new HashMap<>();
        for (Exchange exchange : exchanges) {
            assertThat(exchange.body().has("servedBy"))
                    .isEqualTo(exchange.version().equals("2"));
            String before = sideOfCaller.putIfAbsent(exchange.callerKey(), exchange.version());
            assertThat(before == null || before.equals(exchange.version()))
                    .as("caller " + exchange.callerKey() + " answered by " + before + " and " + exchange.version())
                    .isTrue();
        }
        assertEachAnswerIsTheNamedVersions(exchanges);

        VersionTrafficDao.Totals challenger = traffic("2");
        VersionTrafficDao.Totals champion = traffic("1");
        assertThat(challenger.answered()).isEqualTo(byChallenger);
        assertThat(champion.answered()).isEqualTo(exchanges.size() - byChallenger);
        assertThat(challenger.failed() + champion.failed()).isZero();
        long challengerTexts = exchanges.stream()
                .filter(exchange -> exchange.version().equals("2"))
                .mapToLong(exchange -> exchange.texts().size())
                .sum();
        // the champion's view of every text the challenger answered, unless the comparison queue was full
        assertThat(challenger.compared() + challenger.compareDropped()).isEqualTo(challengerTexts);
        assertThat(challenger.agreed()).isLessThan(challenger.compared()); // they differ on pet products
    }
}
