package io.prodcat.testkit;

/** Injects the run's {@link S3Server} ({@code @ExtendWith(S3Extension.class)}). */
public final class S3Extension extends SharedServerExtension<S3Server> {

    public S3Extension() {
        super(S3Server.class, S3Server::start);
    }
}
