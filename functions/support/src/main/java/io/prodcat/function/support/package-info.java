/**
 * What the three functions share as Spring components: {@link io.prodcat.function.support.CloudEvents} decodes binary and
 * structured CloudEvents into the typed record of the expected type and builds replies;
 * {@link io.prodcat.function.support.ProblemResponses} maps {@link io.prodcat.function.support.BadInput} to 400,
 * {@link io.prodcat.function.support.Unauthorized} to 401 and {@link io.prodcat.function.support.DependencyUnavailable} to 503, as
 * problem+json; {@link io.prodcat.function.support.FunctionInfrastructure} builds the S3, database and MLflow clients from one
 * set of properties. A function imports {@code FunctionInfrastructure} and keeps only its own work.
 */
package io.prodcat.function.support;
