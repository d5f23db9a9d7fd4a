package io.prodcat.predict.serving;

import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.model.ModelFile;
import io.prodcat.engine.training.Hyperparameters;
import io.prodcat.engine.training.LinearTrainer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The warm-up run that records the JVM's AOT cache (what the JDK calls a "training run"; container build, first
 * {@code ./prodcat serve}): started with {@code PRODCAT_AOT_WARM_UP=true} and {@code -XX:AOTCacheOutput}, the function
 * loads a small model it fits itself, sends itself the requests a fresh instance answers first, and exits; the JVM
 * records the classes and profiles they used. Needs no model, network or server.
 */
public class AotWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(AotWarmUp.class);
    private static final Map<String, List<String>> CATALOG = Map.of(
            "dairy eggs",
                    List.of(
                            "organic whole milk",
                            "greek yogurt plain",
                            "large brown eggs",
                            "salted butter",
                            "cheddar cheese block",
                            "vanilla almond milk"),
            "bakery",
                    List.of(
                            "sourdough bread loaf",
                            "whole wheat bagels",
                            "blueberry muffins",
                            "croissants butter",
                            "rye bread sliced",
                            "cinnamon rolls"),
            "produce",
                    List.of(
                            "bananas organic",
                            "baby spinach",
                            "hass avocado",
                            "red onion",
                            "fresh strawberries",
                            "honeycrisp apple"));

    private final ModelHolder models;

    public AotWarmUp(ModelHolder models) {
        this.models = models;
    }

    /** Runs on its own thread: readiness turns true only after the ready event's listeners have returned. */
    public void start(ApplicationReadyEvent event) {
        new Thread(() -> run(event.getApplicationContext()), "aot-warm-up").start();
    }

    private void run(ConfigurableApplicationContext context) {
        int exitCode = 0;
        try {
            Path file = Files.createTempFile("prodcat-aot-warm-up", ".prodcat");
            ModelFile.write(smallModel(), file);
            models.reload("aot-warm-up", file.toUri().toString()).get();
            Files.delete(file);
            exercise(((WebServerApplicationContext) context).getWebServer().getPort());
            LOG.info("AOT warm-up run done");
        } catch (Exception e) {
            LOG.error("AOT warm-up run failed", e);
            exitCode = 1;
        }
        int code = exitCode;
        System.exit(SpringApplication.exit(context, () -> code));
    }

    private static LinearClassifier smallModel() {
        List<LabelledText> rows = new ArrayList<>();
        CATALOG.forEach((label, texts) -> texts.forEach(text -> rows.add(new LabelledText(text, label))));
        List<String> labels = CATALOG.keySet().stream().sorted().toList();
        return new LinearTrainer(Hyperparameters.DEFAULT)
                .train(new Dataset(rows, labels, "0".repeat(40)))
                .model();
    }

    /** What a fresh instance is asked first: predictions (single, batch, top-k, a bad one), model, probes. */
    private static void exercise(int port) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        awaitReady(http, base);
        for (int round = 0; round < 20; round++) {
            expect(http, post(base + "/predict", "{\"text\": \"organic milk\"}"), 200);
            expect(http, post(base + "/predict", "{\"texts\": [\"bagels\", \"spinach\"], \"k\": 2}"), 200);
            expect(http, post(base + "/predict", "{\"text\": 7}"), 400);
            expect(http, HttpRequest.newBuilder(URI.create(base + "/model")).build(), 200);
            expect(
                    http,
                    HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))
                            .build(),
                    200);
            expect(
                    http,
                    HttpRequest.newBuilder(URI.create(base + "/actuator/health/liveness"))
                            .build(),
                    200);
        }
    }

    private static void awaitReady(HttpClient http, String base) throws IOException, InterruptedException {
        HttpRequest readiness = HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))
                .build();
        for (int attempt = 0; attempt < 100; attempt++) {
            if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("not ready within 10 s");
    }

    private static HttpRequest post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private static void expect(HttpClient http, HttpRequest request, int status)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ", expected "
                    + status + ": " + response.body());
        }
    }
}
