package io.prodcat.testkit;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Redelivery as Knative's Broker does it after a fault: a 503 is sent again, after a pause. A dependency that is back
 * may take a moment to be usable again (a connection pool refills with a backoff), which is what the retries are for.
 */
public final class BrokerRetries {

    private static final int ATTEMPTS = 10;
    private static final Duration PAUSE = Duration.ofSeconds(1);

    private BrokerRetries() {}

    /** The first answer of {@code delivery} that is not 503, trying at most ten times a second apart. */
    public static HttpResponse<String> untilNotUnavailable(Callable<HttpResponse<String>> delivery) throws Exception {
        HttpResponse<String> answer = delivery.call();
        for (int attempt = 1; attempt < ATTEMPTS && answer.statusCode() == 503; attempt++) {
            Thread.sleep(PAUSE.toMillis());
            answer = delivery.call();
        }
        return answer;
    }
}
