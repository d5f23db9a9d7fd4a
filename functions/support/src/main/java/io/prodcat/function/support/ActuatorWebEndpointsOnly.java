package io.prodcat.function.support;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The actuator's endpoints are its web endpoints only (health, prometheus). Boot also discovers servlet and
 * controller endpoints, kinds it deprecates, by looking for their annotations on every bean: two more passes over
 * the ~390 beans at every start. Empty suppliers of those kinds stand in for the two discoverers
 * (docs/PERFORMANCE.md, predict's cold start).
 */
@Configuration(proxyBeanMethods = false)
@SuppressWarnings("removal")
class ActuatorWebEndpointsOnly {

    @Bean
    org.springframework.boot.actuate.endpoint.web.annotation.ServletEndpointsSupplier noServletEndpoints() {
        return List::of;
    }

    @Bean
    org.springframework.boot.actuate.endpoint.web.annotation.ControllerEndpointsSupplier noControllerEndpoints() {
        return List::of;
    }
}
