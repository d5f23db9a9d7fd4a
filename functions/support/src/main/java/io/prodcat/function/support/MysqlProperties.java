package io.prodcat.function.support;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ledger database ({@code MYSQL_*}, as the original system names them).
 *
 * @param url JDBC URL of the ledger database
 * @param user database user
 * @param password database password
 */
@ConfigurationProperties("mysql")
public record MysqlProperties(
        @DefaultValue("jdbc:mysql://127.0.0.1:3306/prodcat") String url,
        @DefaultValue("prodcat") String user,
        String password) {}
