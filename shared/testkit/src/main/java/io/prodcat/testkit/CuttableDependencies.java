package io.prodcat.testkit;

/**
 * A function's three dependencies behind proxies a test can cut, for fault tables of step × dependency: MLflow's
 * calls mark a function's steps, so S3 or the database can be switched off at the moment a chosen call arrives.
 *
 * @param s3       S3 (S3Proxy) behind a TCP proxy
 * @param database MariaDB behind a TCP proxy
 * @param mlflow   MLflow behind an HTTP proxy that fails or watches chosen calls
 */
public record CuttableDependencies(SwitchableProxy s3, SwitchableProxy database, FaultInjectingHttpProxy mlflow) {

    /**
     * Cuts {@code dependency} ({@code S3}, {@code MariaDB} or {@code MLflow}) at the step {@code request} (an MLflow
     * call, {@code "METHOD /path"}) marks: MLflow answers that call and every later match 503; S3 or the database is
     * switched off when that call arrives. Without a request, from now on.
     *
     * @return whether the cut has fired: an MLflow call was failed, or the marking call arrived and switched the
     *     dependency off (a cut without a request fires when the function tries the dependency while it is off)
     */
    public java.util.function.BooleanSupplier cut(String dependency, String request) {
        Runnable cut = switch (dependency) {
            case "S3" -> s3::switchOff;
            case "MariaDB" -> database::switchOff;
            case "MLflow" -> () -> mlflow.fail(request, FaultInjectingHttpProxy.Fault.UNAVAILABLE, 1_000);
            default -> throw new IllegalArgumentException("no dependency called " + dependency);
        };
        if (dependency.equals("MLflow")) {
            int failedBefore = mlflow.failedRequests();
            cut.run();
            return () -> mlflow.failedRequests() > failedBefore;
        }
        if (request == null) {
            SwitchableProxy proxy = dependency.equals("S3") ? s3 : database;
            java.util.function.BooleanSupplier tried = proxy.triedSince(proxy.triesWhileOff());
            cut.run();
            return tried;
        }
        return mlflow.onRequest(request, cut);
    }

    /** What a call answered while a cut was set, and whether the cut fired (read once every dependency is back). */
    public record DuringCut<T>(T answer, boolean fired) {}

    /** Makes {@code call} with {@code dependency} cut at {@code request} ({@link #cut}), then {@link #restore}s. */
    public <T> DuringCut<T> call(String dependency, String request, java.util.concurrent.Callable<T> call)
            throws Exception {
        java.util.function.BooleanSupplier fired = cut(dependency, request);
        T answer;
        try {
            answer = call.call();
        } finally {
            restore();
        }
        return new DuringCut<>(answer, fired.getAsBoolean());
    }

    /** Every dependency back, and no cut left armed. */
    public void restore() {
        mlflow.heal();
        s3.switchOn();
        database.switchOn();
    }
}
