package io.prodcat.predict;

import io.prodcat.adapters.persistence.Database;
import io.prodcat.engine.dataset.CsvDatasetReader;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.dataset.ReadLimits;
import io.prodcat.engine.model.ModelFile;
import io.prodcat.engine.training.Hyperparameters;
import io.prodcat.engine.training.LinearTrainer;
import io.prodcat.predict.log.PredictionLog;
import io.prodcat.testkit.FreePort;
import io.prodcat.testkit.MariaDbServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the prediction log costs (bench/drift.sh; not a test): predict's jar serving the instacart department model
 * at a constant 500 requests/s (vegeta), with the log off and at 100 % (writing to a real MariaDB), alternating,
 * five runs each, each timed once the JIT is idle; p50 and p99 of each run, and the rows the log wrote. Prints a
 * Markdown section; the CPU of predict's thread groups while timed goes to stderr.
 */
public final class PredictionLogCostBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int RUNS = Integer.getInteger("prodcat.bench.runs", 5);
    /**
     * With {@code -Dprodcat.bench.lazy-commits=true} MariaDB writes its log at commit but does not flush it to disk
     * ({@code innodb_flush_log_at_trx_commit=0}): the same rows and statements, no fsync per batch. It tells whether
     * the database's disk flushes on the same machine are what the log costs predict's tail.
     */
    private static final boolean LAZY_COMMITS = Boolean.getBoolean("prodcat.bench.lazy-commits");
    /**
     * With {@code -Dprodcat.bench.database-core=true} (Linux, {@code taskset}) MariaDB runs on the second core alone
     * and predict and vegeta on the first: a database on a machine of its own, as in a deployment, in both arms.
     */
    private static final boolean DATABASE_CORE = Boolean.getBoolean("prodcat.bench.database-core");
    /**
     * The JVM predict runs on ({@code -Dprodcat.bench.java}, default this one) and its options: those of the file
     * {@code -Dprodcat.bench.jvm-flags} (the container's, {@code functions/predict/container/jvm-flags}, as
     * bench/drift.sh passes) without its AOT cache (recorded for a fast start; not what is timed here), else
     * {@code -Xmx512m}.
     */
    private static final String JAVA = System.getProperty(
            "prodcat.bench.java", ProcessHandle.current().info().command().orElse("java"));

    private static final String JVM_FLAGS_FILE = System.getProperty("prodcat.bench.jvm-flags", "");
    /**
     * With {@code -Dprodcat.bench.one-jvm=true} predict runs in this JVM (its options are this one's), warmed up once
     * with the log off and on by turns (first with extra flushes, {@link #flushEvery5Millis}), and the timed windows
     * switch the log's sampling between 0 and 100 % ({@code PredictionLog.sample}), in pairs, ordered off-on then
     * on-off: both arms share one JIT's compiled code and heap, which separate JVMs do not (their p99 differ by up to
     * 30 % with the same settings). The log's code is compiled in both arms; what is compared is the cost of using it.
     */
    private static final boolean ONE_JVM = Boolean.getBoolean("prodcat.bench.one-jvm");

    private PredictionLogCostBenchmark() {}

    private record Latency(
            double p50Millis, double p99Millis, double success, int warmUpSeconds, long jitTicks, Path results) {}

    /** The timed runs without and with the log, and the rows the log wrote meanwhile. */
    private record Arms(List<Latency> off, List<Latency> on, long written) {}

    private static final List<String> JIT_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre");

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path jar = Path.of(args[1]);
        String vegeta = args[2];
        Path work = Files.createTempDirectory("prodcat-log-cost");
        Path model = work.resolve("model.prodcat");
        String targets = trainModelAndWriteRequests(data, model, work);
        try (MariaDbServer mariaDb = MariaDbServer.start()) {
            String jdbcUrl = mariaDb.createDatabase("log_cost");
            Database.migrate(mariaDb.dataSource(jdbcUrl));
            Jdbi jdbi = Database.jdbi(mariaDb.dataSource(jdbcUrl));
            if (DATABASE_CORE) {
                // every process this harness started so far is the database server (and its helpers)
                for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
                    run("taskset", "-a", "-p", "-c", "1", Long.toString(child.pid()));
                }
            }
            if (LAZY_COMMITS) {
                jdbi.useHandle(handle -> handle.execute("SET GLOBAL innodb_flush_log_at_trx_commit = 0"));
            }
            Arms arms = ONE_JVM
                    ? inOneJvm(model, mariaDb, jdbcUrl, targets, work, vegeta, jdbi)
                    : inFreshJvms(jar, model, mariaDb, jdbcUrl, targets, work, vegeta, jdbi);
            List<Latency> off = arms.off();
            List<Latency> on = arms.on();
            long written = arms.written();
            StringBuilder out = new StringBuilder();
            out.append("Predict at 500 requests/s for 20 s (vegeta, one title per request from 2,000 training titles)"
                    + " after a warm-up that lasts until the JIT compilers are idle (30 s rounds until C1 and C2 took"
                    + " under 0.1 s of CPU in two rounds in a row, at most 240 s: the log's code paths keep the"
                    + " compilers busy longer), the prediction log off and at 100 % writing to MariaDB, "
                    + (ONE_JVM
                            ? "in one predict JVM warmed up once with the log off and on by turns (until quiet or"
                                    + " 300 s with the log also flushed every 5 ms, so that C2 is done with the"
                                    + " writer's paths, then until quiet or 300 s at its own pace), its sampling"
                                    + " switched between 0 and 100 % for each timed window, " + RUNS
                                    + " pairs (off-on, on-off, …)"
                            : "a new predict JVM per run (`PRODCAT_PREDICTION_LOG_SAMPLE=0` or 1), alternating, " + RUNS
                                    + " runs each")
                    + (LAZY_COMMITS ? " (MariaDB with innodb_flush_log_at_trx_commit=0: no disk flush per commit)" : "")
                    + (DATABASE_CORE
                            ? " (MariaDB alone on the second core, predict and vegeta on the first)"
                            : " (all on the same two cores)")
                    + (ONE_JVM
                            ? "; predict in the benchmark's JVM (`" + JAVA + " "
                                    + String.join(
                                            " ",
                                            java.lang.management.ManagementFactory.getRuntimeMXBean()
                                                    .getInputArguments()
                                                    .stream()
                                                    .filter(option -> option.startsWith("-X"))
                                                    .toList())
                                    + "`):\n\n"
                            : "; predict started as `" + JAVA + " " + String.join(" ", jvmFlags()) + " -jar …`:\n\n"));
            out.append("| log | p50 ms (runs) | p99 ms (runs) | median p99 | p99 of all runs' requests | success"
                    + " | warm-up s (runs) | JIT ticks while timed (runs) |\n"
                    + "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
            double offPooledP99 = pooledP99(vegeta, off);
            double onPooledP99 = pooledP99(vegeta, on);
            out.append(row("off", off, offPooledP99)).append(row("100 %", on, onPooledP99));
            double offP99 = median(off.stream().map(Latency::p99Millis).toList());
            List<Double> ratios = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                ratios.add(on.get(run).p99Millis() / off.get(run).p99Millis());
            }
            out.append(String.format(
                    Locale.ROOT,
                    "%nMedian p99 with the log / without: %.2f (target ≤ 1.10); run by run %s (median %.2f); p99 of"
                            + " all runs' requests %.2f / %.2f ms = %.2f; rows the log wrote over the logged runs:"
                            + " %,d (warm-ups included).%n",
                    median(on.stream().map(Latency::p99Millis).toList()) / offP99,
                    String.join(
                            " / ",
                            ratios.stream()
                                    .map(r -> String.format(Locale.ROOT, "%.2f", r))
                                    .toList()),
                    median(ratios),
                    onPooledP99,
                    offPooledP99,
                    onPooledP99 / offPooledP99,
                    written));
            System.out.print(out);
        }
    }

    /**
     * Trains the department model into {@code model} and writes 2,000 request bodies, a different title each, as
     * live traffic has; returns vegeta's targets (host {@code PORT}). The training rows are garbage afterwards: in
     * one JVM they would otherwise sit in predict's old generation.
     */
    private static String trainModelAndWriteRequests(Path data, Path model, Path work) throws IOException {
        List<LabelledText> train = new CsvDatasetReader(
                        DatasetSchema.of("product_name", "department"), ReadLimits.DEFAULT)
                .read(data.resolve("train.csv"))
                .rows();
        ModelFile.write(
                new LinearTrainer(Hyperparameters.DEFAULT)
                        .train(new io.prodcat.engine.dataset.Dataset(
                                train,
                                train.stream()
                                        .map(LabelledText::label)
                                        .distinct()
                                        .sorted()
                                        .toList(),
                                "0".repeat(40)))
                        .model(),
                model);
        List<String> titles =
                new ArrayList<>(train.stream().map(LabelledText::text).toList());
        Collections.shuffle(titles, new java.util.Random(3));
        StringBuilder targets = new StringBuilder();
        Path bodies = Files.createDirectories(work.resolve("bodies"));
        for (int i = 0; i < 2_000; i++) {
            Path body = bodies.resolve(i + ".json");
            Files.writeString(body, JSON.writeValueAsString(java.util.Map.of("text", titles.get(i))));
            targets.append("POST http://127.0.0.1:PORT/predict\nContent-Type: application/json\n@")
                    .append(body)
                    .append("\n\n");
        }
        return targets.toString();
    }

    /** p99 (ms) over every timed request of the runs together. */
    private static double pooledP99(String vegeta, List<Latency> runs) throws Exception {
        return millis(report(vegeta, runs.stream().map(Latency::results).toList()), "99th");
    }

    /**
     * {@code vegeta report -type=json} of one or more result files (several: their requests together), as text: read
     * with a pattern rather than the JSON library that predict's requests use, so that in one JVM the harness does
     * not change the JIT's profile of predict's code between windows.
     */
    private static String report(String vegeta, List<Path> results) throws Exception {
        List<String> command = new ArrayList<>(List.of(vegeta, "report", "-type=json"));
        results.forEach(file -> command.add(file.toString()));
        Process report = new ProcessBuilder(command).start();
        String json = new String(report.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        report.waitFor();
        return json;
    }

    /** A latency percentile of a report ({@code "99th"}: only the latencies have such keys), in ms. */
    private static double millis(String report, String percentile) {
        return number(report, percentile) / 1e6;
    }

    private static double number(String report, String key) {
        java.util.regex.Matcher value = java.util.regex.Pattern.compile("\"" + key + "\":\\s*([0-9.eE+-]+)")
                .matcher(report);
        if (!value.find()) {
            throw new IllegalStateException("no " + key + " in vegeta's report: " + report);
        }
        return Double.parseDouble(value.group(1));
    }

    /** The CPU ticks the JIT compilers took between two {@link #threadCpu} readings. */
    private static long jitTicks(java.util.Map<String, Long> after, java.util.Map<String, Long> before) {
        long ticks = 0;
        for (String compiler : JIT_THREADS) {
            ticks += after.getOrDefault(compiler, 0L) - before.getOrDefault(compiler, 0L);
        }
        return ticks;
    }

    private static String row(String name, List<Latency> runs, double pooledP99) {
        return String.format(
                Locale.ROOT,
                "| %s | %s | %s | %.2f | %.2f | %s | %s | %s |%n",
                name,
                String.join(
                        " / ",
                        runs.stream()
                                .map(r -> String.format(Locale.ROOT, "%.2f", r.p50Millis()))
                                .toList()),
                String.join(
                        " / ",
                        runs.stream()
                                .map(r -> String.format(Locale.ROOT, "%.2f", r.p99Millis()))
                                .toList()),
                median(runs.stream().map(Latency::p99Millis).toList()),
                pooledP99,
                String.join(
                        " / ",
                        runs.stream()
                                .map(r -> String.format(Locale.ROOT, "%.4f", r.success()))
                                .toList()),
                String.join(
                        " / ",
                        runs.stream()
                                .map(r -> Integer.toString(r.warmUpSeconds()))
                                .toList()),
                String.join(
                        " / ",
                        runs.stream().map(r -> Long.toString(r.jitTicks())).toList()));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static long rows(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM prediction_log")
                .mapTo(Long.class)
                .one());
    }

    /** A new predict JVM per run, off and on alternating. */
    private static Arms inFreshJvms(
            Path jar,
            Path model,
            MariaDbServer mariaDb,
            String jdbcUrl,
            String targets,
            Path work,
            String vegeta,
            Jdbi jdbi)
            throws Exception {
        List<Latency> off = new ArrayList<>();
        List<Latency> on = new ArrayList<>();
        long written = 0;
        for (int run = 0; run < RUNS; run++) {
            off.add(load(jar, model, mariaDb, jdbcUrl, 0, targets, work.resolve("off-" + run), vegeta));
            long before = rows(jdbi);
            on.add(load(jar, model, mariaDb, jdbcUrl, 1, targets, work.resolve("on-" + run), vegeta));
            written += rows(jdbi) - before;
            System.err.println("run " + run + ": off " + off.get(run) + ", on " + on.get(run));
        }
        return new Arms(off, on, written);
    }

    /** Predict in this JVM, warmed up once with the log on; then pairs of timed windows, the log off and on. */
    private static Arms inOneJvm(
            Path model, MariaDbServer mariaDb, String jdbcUrl, String targets, Path work, String vegeta, Jdbi jdbi)
            throws Exception {
        long pid = ProcessHandle.current().pid();
        if (DATABASE_CORE) {
            run("taskset", "-a", "-p", "-c", "0", Long.toString(pid)); // MariaDB's processes keep the second core
        }
        System.gc(); // the training's garbage out of the old generation before predict's heap is what is timed
        int port = FreePort.find();
        predictSettings(port, model, mariaDb, jdbcUrl, 1).forEach(System::setProperty);
        List<Latency> off = new ArrayList<>();
        List<Latency> on = new ArrayList<>();
        try (org.springframework.context.ConfigurableApplicationContext predict =
                org.springframework.boot.SpringApplication.run(PredictApplication.class)) {
            PredictionLog log = predict.getBean(PredictionLog.class);
            awaitServing(port);
            Path targetFile = Files.createDirectories(work.resolve("one-jvm")).resolve("targets.txt");
            Files.writeString(targetFile, targets.replace("PORT", Integer.toString(port)), StandardCharsets.UTF_8);
            // the log on and off by turns: C2 compiles for both (code compiled while the log was off only would
            // be thrown away when it comes on), and the writer's slow-warming paths get extra flushes and up to ten
            // minutes
            int warmUp;
            try (AutoCloseable extraFlushes = flushEvery5Millis(log)) {
                warmUp = warmUp(vegeta, targetFile, work.resolve("one-jvm"), pid, 10, round -> log.sample(round % 2));
            }
            // then at the writer's own pace (100-row batches, not the extra flushes' few rows) until C2 is quiet again
            warmUp += warmUp(vegeta, targetFile, work.resolve("one-jvm"), pid, 10, round -> log.sample(round % 2));
            long before = rows(jdbi); // counted once before and once after: no query of the harness between windows
            for (int pair = 0; pair < RUNS; pair++) {
                for (boolean logged : pair % 2 == 0 ? List.of(false, true) : List.of(true, false)) {
                    log.sample(logged ? 1 : 0);
                    Thread.sleep(1_000); // the last batch of the window before is written
                    Latency timed = timed(
                            vegeta,
                            targetFile,
                            work.resolve("one-jvm").resolve((logged ? "on-" : "off-") + pair + ".bin"),
                            pid,
                            logged ? 1 : 0,
                            warmUp);
                    Thread.sleep(1_500);
                    (logged ? on : off).add(timed);
                }
                System.err.println("pair " + pair + ": off " + off.get(pair) + ", on " + on.get(pair));
            }
            return new Arms(off, on, rows(jdbi) - before);
        }
    }

    /**
     * Flushes the log every 5 ms besides its writer's every 200 ms, until closed: during the warm-up, so that the
     * writer's per-flush paths (the driver's, TLS's, the socket's) are called 40 times as often and C2 is done with
     * them before the timed windows, as it is in an instance that has served long enough. Without it, C2 still
     * compiled them 10 minutes in, on predict's core, in the logged windows.
     */
    private static AutoCloseable flushEvery5Millis(PredictionLog log) {
        // threads like the writer's: no competition for the requests
        ScheduledExecutorService flusher =
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.lowestPriority("extra-flushes"));
        flusher.scheduleWithFixedDelay(
                () -> {
                    try {
                        log.writeBuffered();
                    } catch (RuntimeException e) {
                        System.err.println("extra flush failed: " + e);
                    }
                },
                5,
                5,
                TimeUnit.MILLISECONDS);
        return flusher::shutdownNow;
    }

    /** What predict reads from its environment, for a log sampling {@code sample} of the answers. */
    private static java.util.Map<String, String> predictSettings(
            int port, Path model, MariaDbServer mariaDb, String jdbcUrl, double sample) {
        return java.util.Map.of(
                "PORT", Integer.toString(port),
                "PRODCAT_MODEL_URI", model.toUri().toString(),
                "MYSQL_URL", jdbcUrl,
                "MYSQL_USER", mariaDb.user(),
                "MYSQL_PASSWORD", mariaDb.password(),
                "MLFLOW_TRACKING_URI", "none",
                "PRODCAT_PREDICTION_LOG_SAMPLE", Double.toString(sample));
    }

    /** Starts predict, loads it at 500 requests/s, stops it. */
    private static Latency load(
            Path jar,
            Path model,
            MariaDbServer mariaDb,
            String jdbcUrl,
            double sample,
            String targets,
            Path work,
            String vegeta)
            throws Exception {
        int port = FreePort.find();
        Files.createDirectories(work);
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(jvmFlags());
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(onFirstCore(command))
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("predict-" + port + ".log").toFile());
        builder.environment().putAll(predictSettings(port, model, mariaDb, jdbcUrl, sample));
        Process predict = builder.start();
        try {
            awaitServing(port);
            Path targetFile = work.resolve("targets.txt");
            Files.writeString(targetFile, targets.replace("PORT", Integer.toString(port)), StandardCharsets.UTF_8);
            int warmUp = warmUp(vegeta, targetFile, work, predict.pid(), 8, round -> {});
            Latency timed = timed(vegeta, targetFile, work.resolve("measured.bin"), predict.pid(), sample, warmUp);
            Thread.sleep(1_500); // the log's last batch
            return timed;
        } finally {
            predict.destroy();
            predict.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** One timed window of 20 s at 500 requests/s; the CPU of predict's threads and its collections to stderr. */
    private static Latency timed(String vegeta, Path targets, Path measured, long pid, double sample, int warmUp)
            throws Exception {
        java.util.Map<String, Long> cpuBefore = threadCpu(pid);
        double[] gcBefore = collections(pid);
        System.err.printf(
                "timed window (log sample %s) from %.1f s of this JVM's uptime%n",
                sample,
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        vegeta(vegeta, targets, "20s", measured);
        double[] gcAfter = collections(pid);
        java.util.Map<String, Long> cpuAfter = threadCpu(pid);
        System.err.println("cpu ticks by thread group while measured (log sample " + sample + "): "
                + difference(cpuAfter, cpuBefore));
        System.err.printf(
                "collections while measured (log sample %s): young %.0f, %.1f ms in all; full %.0f, %.1f ms in all%n",
                sample,
                gcAfter[0] - gcBefore[0],
                (gcAfter[1] - gcBefore[1]) * 1000,
                gcAfter[2] - gcBefore[2],
                (gcAfter[3] - gcBefore[3]) * 1000);
        String report = report(vegeta, List.of(measured));
        return new Latency(
                millis(report, "50th"),
                millis(report, "99th"),
                number(report, "success"),
                warmUp,
                jitTicks(cpuAfter, cpuBefore),
                measured);
    }

    /**
     * Loads predict in 30 s rounds until its JIT compilers took under 10 ticks (0.1 s) of CPU in two rounds in a row
     * (at most {@code maxRounds}): what is timed afterwards is serving, not compiling. Returns the seconds it took. One
     * quiet round was not enough: the log's writer runs 5 times a second, and its code paths (the driver's, TLS's,
     * the socket's) reach C2 minutes later. {@code beforeRound} gets each round's number first.
     */
    private static int warmUp(
            String vegeta, Path targets, Path work, long pid, int maxRounds, java.util.function.IntConsumer beforeRound)
            throws Exception {
        int quietRounds = 0;
        for (int round = 1; ; round++) {
            beforeRound.accept(round);
            java.util.Map<String, Long> before = threadCpu(pid);
            vegeta(vegeta, targets, "30s", work.resolve("warm-up.bin"));
            java.util.Map<String, Long> after = threadCpu(pid);
            quietRounds = jitTicks(after, before) < 10 ? quietRounds + 1 : 0;
            if (quietRounds == 2 || round == maxRounds) {
                return round * 30;
            }
        }
    }

    /** A JVM's young and full collections so far and the seconds they took ({@code jstat -gc}: YGC, YGCT, FGC, FGCT). */
    private static double[] collections(long pid) throws Exception {
        Path jstat = Path.of(JAVA).resolveSibling("jstat"); // the JDK of the JVM it reads, when it is a JDK
        if (!Files.isExecutable(jstat)) {
            jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        }
        Process process = new ProcessBuilder(jstat.toString(), "-gc", Long.toString(pid))
                .redirectErrorStream(true)
                .start();
        List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        process.waitFor();
        List<String> names = List.of(lines.get(0).trim().split("\\s+"));
        String[] values = lines.get(1).trim().split("\\s+");
        return java.util.stream.Stream.of("YGC", "YGCT", "FGC", "FGCT")
                .mapToDouble(name -> Double.parseDouble(values[names.indexOf(name)]))
                .toArray();
    }

    /** CPU ticks (user + system) of the process' threads, by group (Linux /proc). */
    private static java.util.Map<String, Long> threadCpu(long pid) throws IOException {
        return ProcThreads.byGroup(pid, stat -> ProcThreads.field(stat, 14) + ProcThreads.field(stat, 15), Long::sum);
    }

    private static String difference(java.util.Map<String, Long> after, java.util.Map<String, Long> before) {
        return after.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .map(e -> e.getKey() + "=" + e.getValue())
                .toList()
                .toString();
    }

    private static List<String> jvmFlags() throws IOException {
        if (JVM_FLAGS_FILE.isEmpty()) {
            return List.of("-Xmx512m");
        }
        return ContainerJvmFlags.read(Path.of(JVM_FLAGS_FILE));
    }

    /** The command, on the first core only when the database has the second. */
    private static List<String> onFirstCore(List<String> command) {
        List<String> line = new ArrayList<>();
        if (DATABASE_CORE) {
            line.addAll(List.of("taskset", "-c", "0"));
        }
        line.addAll(command);
        return line;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static void vegeta(String vegeta, Path targets, String duration, Path results) throws Exception {
        Process attack = new ProcessBuilder(onFirstCore(List.of(
                        vegeta,
                        "attack",
                        "-targets=" + targets,
                        "-rate=500",
                        "-duration=" + duration,
                        "-output=" + results)))
                .redirectErrorStream(true)
                .start();
        attack.getInputStream().readAllBytes();
        if (attack.waitFor() != 0) {
            throw new IllegalStateException("vegeta attack failed");
        }
    }

    private static void awaitServing(int port) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"milk\"}"))
                .build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("predict did not answer within 120 s");
    }
}
