package org.deblurgateway.routes.config;

import java.util.Optional;
import org.deblurgateway.dicom.tls.DicomTls;

/**
 * The loaded TLS material of this process, when {@code gateway.dicom.tls.key-store} or {@code trust-store} is set;
 * one for the listener, the sender and the console's C-ECHO.
 */
public record DicomTlsSetup(Optional<DicomTls> tls) {}
