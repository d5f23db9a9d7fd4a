/**
 * The event contracts between the functions: {@link io.prodcat.events.EventType} names every CloudEvent type with the
 * record its data maps to and the data versions this release reads (the version travels in {@code dataschema}); one
 * record per type's data; {@link io.prodcat.events.IncomingEvent} reads binary or structured HTTP mode;
 * {@link io.prodcat.events.EventJson} maps data to records; {@link io.prodcat.events.BucketNotification} is the body
 * an S3 server's bucket notification posts (MinIO's, AWS's and Versity's). No framework types, no I/O beyond bytes.
 */
package io.prodcat.events;
