/**
 * Storage Commitment Push Model (PS3.4 Annex J): its UIDs and failure reasons, the request and result values, the
 * codec of their data sets, and the sink the listener hands N-ACTION requests to.
 */
package org.deblurgateway.dicom.commitment;
