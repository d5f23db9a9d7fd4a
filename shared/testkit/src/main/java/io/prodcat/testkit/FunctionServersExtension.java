package io.prodcat.testkit;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Before a {@link FunctionServers} class's first test: the run's MariaDB and S3, and a database for the class. Kept
 * per class for the Spring context that the class's tests start later ({@link FunctionServersCustomizerFactory}).
 */
public final class FunctionServersExtension implements BeforeAllCallback, ParameterResolver {

    private static final Map<Class<?>, FunctionServers.Servers> BY_CLASS = new ConcurrentHashMap<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        FunctionServers settings = AnnotationSupport.findAnnotation(testClass, FunctionServers.class)
                .orElseThrow();
        BY_CLASS.computeIfAbsent(testClass, type -> {
            MariaDbServer mariaDb = new MariaDbExtension().server(context);
            S3Server s3 = new S3Extension().server(context);
            return new FunctionServers.Servers(mariaDb, s3, mariaDb.createDatabase(settings.database()));
        });
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FunctionServers.Servers.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return of(context.getRequiredTestClass())
                .orElseThrow(() -> new IllegalStateException("no @FunctionServers servers for "
                        + context.getRequiredTestClass().getName()));
    }

    /** The servers of {@code testClass}, once its {@code beforeAll} has run. */
    static Optional<FunctionServers.Servers> of(Class<?> testClass) {
        return Optional.ofNullable(BY_CLASS.get(testClass));
    }
}
