/** The Quarkus application: DICOM listener, spool, broker wiring, health. */
package org.deblurgateway.gateway;
