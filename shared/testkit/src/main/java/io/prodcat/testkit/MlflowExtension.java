package io.prodcat.testkit;

/** Injects the run's {@link MlflowServer} ({@code @ExtendWith(MlflowExtension.class)}). */
public final class MlflowExtension extends SharedServerExtension<MlflowServer> {

    public MlflowExtension() {
        super(MlflowServer.class, MlflowServer::start);
    }
}
