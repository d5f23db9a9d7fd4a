package io.prodcat.testkit;

import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Puts a {@link FunctionServers} class's settings into its Spring context: above the function's own configuration,
 * below the test's {@code @DynamicPropertySource} and inlined properties, which may override them.
 */
public final class FunctionServersCustomizerFactory implements ContextCustomizerFactory {

    private static final String SOURCE = "prodcat test servers";
    private static final List<String> TEST_SOURCES = List.of("Dynamic Test Properties", "Inlined Test Properties");

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        boolean annotated = MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                .isPresent(FunctionServers.class);
        return annotated ? new Customizer(testClass) : null;
    }

    private record Customizer(Class<?> testClass) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration merged) {
            FunctionServers.Servers servers = FunctionServersExtension.of(testClass)
                    .orElseThrow(() -> new IllegalStateException(testClass.getName()
                            + " has @FunctionServers, but its servers were not started before its Spring context"));
            MutablePropertySources sources = context.getEnvironment().getPropertySources();
            MapPropertySource mine = new MapPropertySource(SOURCE, servers.properties());
            String below = sources.stream() // the lowest of the test's own sources already there
                    .map(source -> source.getName())
                    .filter(TEST_SOURCES::contains)
                    .reduce((first, second) -> second)
                    .orElse(null);
            if (below == null) {
                sources.addFirst(mine);
            } else {
                sources.addAfter(below, mine);
            }
        }
    }
}
