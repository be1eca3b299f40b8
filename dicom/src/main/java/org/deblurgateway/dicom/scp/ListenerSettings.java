package org.deblurgateway.dicom.scp;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.deblurgateway.dicom.AeTitles;
import org.deblurgateway.dicom.DataSetLimit;

/**
 * How the DICOM listener accepts associations.
 *
 * @param aeTitles                  called AE titles answered (the first is the primary one)
 * @param allowedCallingAeTitles    calling AE titles accepted; empty = any caller
 * @param bindAddress               interface to listen on; 0.0.0.0 exposes the listener on every interface
 * @param port                      TCP port; 0 picks a free one
 * @param maxPduLength              largest P-DATA PDU we accept (advertised in A-ASSOCIATE-AC)
 * @param maxAssociations           concurrent associations; more are rejected (transient, local limit exceeded)
 * @param associationRequestTimeout how long a new connection may take to send its A-ASSOCIATE-RQ
 * @param readTimeout               longest silence from a peer inside an association before it is aborted
 * @param shutdownTimeout           how long a stop waits for in-flight C-STOREs before aborting them
 * @param maxDataSet                largest data set taken, as sent and once inflated; larger ones are refused (0xA700)
 */
public record ListenerSettings(
        Set<String> aeTitles,
        Optional<Set<String>> allowedCallingAeTitles,
        String bindAddress,
        int port,
        int maxPduLength,
        int maxAssociations,
        Duration associationRequestTimeout,
        Duration readTimeout,
        Duration shutdownTimeout,
        DataSetLimit maxDataSet) {

    /** Settings that take data sets up to {@link DataSetLimit#DEFAULT}. */
    public ListenerSettings(
            Set<String> aeTitles,
            Optional<Set<String>> allowedCallingAeTitles,
            String bindAddress,
            int port,
            int maxPduLength,
            int maxAssociations,
            Duration associationRequestTimeout,
            Duration readTimeout,
            Duration shutdownTimeout) {
        this(
                aeTitles,
                allowedCallingAeTitles,
                bindAddress,
                port,
                maxPduLength,
                maxAssociations,
                associationRequestTimeout,
                readTimeout,
                shutdownTimeout,
                DataSetLimit.DEFAULT);
    }

    public ListenerSettings {
        if (aeTitles.isEmpty()) {
            throw new IllegalArgumentException("at least one AE title is needed");
        }
        for (String ae : aeTitles) {
            if (!AeTitles.isValid(ae)) {
                throw new IllegalArgumentException("invalid AE title '" + ae + "' (" + AeTitles.RULE + ")");
            }
        }
        if (maxPduLength < 4096) {
            throw new IllegalArgumentException("max PDU length must be at least 4096, was " + maxPduLength);
        }
        if (maxAssociations < 1) {
            throw new IllegalArgumentException("max associations must be at least 1, was " + maxAssociations);
        }
        aeTitles = Set.copyOf(aeTitles);
        allowedCallingAeTitles = allowedCallingAeTitles.map(Set::copyOf);
    }

    /** True when an association from {@code callingAeTitle} may be accepted. */
    public boolean callerAllowed(String callingAeTitle) {
        return allowedCallingAeTitles
                .map(allowed -> allowed.contains(callingAeTitle))
                .orElse(true);
    }
}
