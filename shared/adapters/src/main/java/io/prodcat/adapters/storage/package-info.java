/**
 * Object storage behind {@link io.prodcat.adapters.storage.ObjectStore}: {@link io.prodcat.adapters.storage.MinioObjectStore} talks to
 * MinIO or any S3 server; {@link io.prodcat.adapters.storage.S3Location} is a validated {@code s3://bucket/key}; a missing object
 * is {@link io.prodcat.adapters.storage.ObjectNotFoundException}, an outage {@link io.prodcat.adapters.storage.StorageException}.
 */
package io.prodcat.adapters.storage;
