/**
 * The messages on the gateway's queues, one record and one codec each: {@link IngestMessage} (dicom.ingest),
 * {@link FrameTask} (deblur.frames), {@link FrameResult} (deblur.results, also the job store's persisted form of a
 * returned frame) and {@link OutboundMessage} (dicom.outbound and its dead-letter queue). Codecs work on a plain
 * property map so Camel routes and plain JMS clients (ingest publisher, dead-letter re-drive) share them.
 */
package org.deblurgateway.routes.messages;
