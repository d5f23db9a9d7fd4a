package io.prodcat.function.support;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * The settings every function binds, one registration each, imported in this order: one
 * {@code @EnableConfigurationProperties} naming several records registers them in a hash order that differs between
 * builds, which made the AOT-generated bean registrations (and so the jar) differ.
 */
final class SettingsRegistration {

    private SettingsRegistration() {}

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(InfrastructureProperties.class)
    static class Infrastructure {}

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(MinioProperties.class)
    static class Minio {}

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(MysqlProperties.class)
    static class Mysql {}

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(MlflowProperties.class)
    static class Mlflow {}
}
