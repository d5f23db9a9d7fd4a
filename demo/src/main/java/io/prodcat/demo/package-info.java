/**
 * {@code ./prodcat demo}: the whole chain on one machine: embedded servers, the three function jars as processes, a
 * local Broker that routes by knative/triggers.yaml, and a report of what the chain left behind.
 */
package io.prodcat.demo;
