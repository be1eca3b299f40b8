/**
 * DICOM TLS (PS3.15 Annex B, BCP 195 profile): one {@link org.deblurgateway.dicom.tls.DicomTls} built from PKCS#12 key
 * and trust stores makes the listener's TLS server socket and the sender's TLS client sockets, both limited to TLS 1.2
 * and 1.3 with AEAD cipher suites and forward secrecy.
 */
package org.deblurgateway.dicom.tls;
