package io.prodcat.testkit;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one real server per test run, on first use, and hands it to test methods and {@code @BeforeAll}
 * methods that declare a parameter of its type. JUnit closes it when the run ends. A server that cannot
 * start fails every test that asked for it, with the reason, and is not tried again in the same run.
 */
abstract class SharedServerExtension<T extends AutoCloseable> implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SharedServerExtension.class);

    private final Class<T> serverType;
    private final Callable<T> starter;

    SharedServerExtension(Class<T> serverType, Callable<T> starter) {
        this.serverType = serverType;
        this.starter = starter;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == serverType;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    /** The run's server, started on first use. */
    T server(ExtensionContext context) {
        Startup startup = context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(serverType, type -> Startup.of(starter), Startup.class);
        if (startup.failure != null) {
            throw new ParameterResolutionException(
                    "test server " + serverType.getSimpleName() + " did not start: " + startup.failure.getMessage(),
                    startup.failure);
        }
        return serverType.cast(startup.server);
    }

    /** The outcome of one start attempt, kept for the whole run; closing it stops the server. */
    private static final class Startup implements AutoCloseable {
        private final AutoCloseable server;
        private final Exception failure;

        private Startup(AutoCloseable server, Exception failure) {
            this.server = server;
            this.failure = failure;
        }

        static Startup of(Callable<? extends AutoCloseable> starter) {
            try {
                return new Startup(starter.call(), null);
            } catch (Exception e) {
                return new Startup(null, e);
            }
        }

        @Override
        public void close() throws Exception {
            if (server != null) {
                server.close();
            }
        }
    }
}
