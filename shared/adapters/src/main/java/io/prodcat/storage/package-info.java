/**
 * Object storage behind {@link io.prodcat.storage.ObjectStore}: {@link io.prodcat.storage.MinioObjectStore} talks to
 * MinIO or any S3 server; {@link io.prodcat.storage.S3Location} is a validated {@code s3://bucket/key}; a missing object
 * is {@link io.prodcat.storage.ObjectNotFoundException}, an outage {@link io.prodcat.storage.StorageException}.
 */
package io.prodcat.storage;
