package org.deblurgateway.gateway;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.spi.CamelEvent;
import org.deblurgateway.dicom.DataSetLimit;
import org.deblurgateway.dicom.scp.AssociationCaps;
import org.deblurgateway.dicom.scp.DicomListener;
import org.deblurgateway.dicom.scp.ListenerObserver;
import org.deblurgateway.dicom.scp.ListenerOptions;
import org.deblurgateway.dicom.scp.ListenerSettings;
import org.deblurgateway.dicom.scp.ReceivePath;
import org.deblurgateway.dicom.scp.Spool;
import org.deblurgateway.dicom.tls.ClientSubjects;
import org.deblurgateway.dicom.tls.DicomTls;
import org.deblurgateway.dicom.tls.TlsListenerSettings;
import org.deblurgateway.gateway.audit.ListenerAudit;
import org.deblurgateway.gateway.audit.ReceivedAudit;
import org.deblurgateway.gateway.commitment.StorageCommitmentService;
import org.deblurgateway.gateway.metrics.ListenerMetrics;
import org.deblurgateway.gateway.metrics.MetricsConfig;
import org.deblurgateway.routes.config.DicomTlsConfig;
import org.deblurgateway.routes.config.DicomTlsSetup;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.spool.DataDir;

/**
 * Runs the DICOM listener for the application's lifetime: it starts once the broker is up, and it stops first on
 * shutdown (before Camel and the broker) so in-flight C-STOREs can still commit their ingest messages. With
 * {@code gateway.dicom.tls.port} set it also serves DICOM TLS there (or only there, {@code gateway.dicom.tls.only}).
 * With {@code gateway.storage-commitment.enabled} it serves the Storage Commitment Push Model SCP too.
 */
@ApplicationScoped
public class DicomListenerService {

    private final DicomListenerConfig config;
    private final DicomTlsConfig tlsConfig;
    private final DicomTlsSetup tls;
    private final EmbeddedBroker broker;
    private final JmsIngestPublisher publisher;
    private final DataDir dataDir;
    private final SpoolSpace spoolSpace;
    private final ReceivedAudit receivedAudit;
    private final ListenerAudit listenerAudit;
    private final ListenerObserver metrics;
    private final StorageCommitmentService commitments;
    private final boolean enabled;
    private DicomListener listener;

    public DicomListenerService(
            DicomListenerConfig config,
            DicomTlsConfig tlsConfig,
            DicomTlsSetup tls,
            EmbeddedBroker broker,
            JmsIngestPublisher publisher,
            GatewayConfig gateway,
            DataDir dataDir,
            SpoolSpace spoolSpace,
            ReceivedAudit receivedAudit,
            ListenerAudit listenerAudit,
            ListenerMetrics metrics,
            MetricsConfig metricsConfig,
            StorageCommitmentService commitments) {
        this.commitments = commitments;
        this.config = config;
        this.spoolSpace = spoolSpace;
        this.tlsConfig = tlsConfig;
        this.tls = tls;
        this.broker = broker;
        this.publisher = publisher;
        this.dataDir = dataDir;
        this.receivedAudit = receivedAudit;
        this.listenerAudit = listenerAudit;
        this.metrics = metricsConfig.enabled() ? metrics : ListenerObserver.NONE;
        this.enabled = gateway.role().hostsPipeline();
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    // Camel stops before the broker (which stops on CamelContextStoppedEvent); leave the listener no later than that.
    void onCamelStopping(@Observes CamelEvent.CamelContextStoppingEvent event) {
        stop();
    }

    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        stop();
    }

    synchronized void start() {
        if (!enabled || listener != null) {
            return;
        }
        broker.start(); // normally already running since Camel started; idempotent
        Set<String> aeTitles = new LinkedHashSet<>();
        aeTitles.add(config.aeTitle());
        config.extraAeTitles().ifPresent(aeTitles::addAll);
        ListenerSettings settings = new ListenerSettings(
                aeTitles,
                config.allowedCallingAeTitles().map(List::copyOf).map(Set::copyOf),
                config.bindAddress(),
                config.port(),
                config.maxPduLength(),
                config.maxAssociations(),
                config.associationRequestTimeout(),
                config.readTimeout(),
                config.shutdownTimeout(),
                new DataSetLimit(config.maxObjectSize().asLongValue()));
        Spool spool = dataDir.receiveSpool();
        commitments.start(); // pending requests from before a restart are answered from now on
        DicomListener l = new DicomListener(
                settings,
                new ReceivePath(spool, spoolSpace.floorFor(spool), receivedAudit.auditing(publisher)),
                new ListenerOptions(
                        tlsListener(),
                        new AssociationCaps(config.maxAssociationsPerAddress(), config.maxAssociationsPerCallingAe()),
                        ListenerObserver.all(listenerAudit, metrics),
                        commitments.enabled() ? Optional.of(commitments) : Optional.empty()));
        try {
            l.start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "DICOM listener cannot listen on " + config.bindAddress() + ":" + config.port()
                            + tlsConfig.port().stream()
                                    .mapToObj(p -> " / TLS " + p)
                                    .findFirst()
                                    .orElse("") + ": "
                            + e.getMessage(),
                    e);
        }
        listener = l;
    }

    /** The TLS port's settings; a setting that cannot work stops the start with the key to fix. */
    private Optional<TlsListenerSettings> tlsListener() {
        if (tlsConfig.port().isEmpty()) {
            if (tlsConfig.only()) {
                throw new IllegalArgumentException("gateway.dicom.tls.only=true needs gateway.dicom.tls.port");
            }
            return Optional.empty();
        }
        if (!tls.tls().map(DicomTls::canServe).orElse(false)) {
            throw new IllegalArgumentException("gateway.dicom.tls.port is set but gateway.dicom.tls.key-store is not "
                    + "(the TLS listener needs its key and certificate, PKCS#12)");
        }
        if (tlsConfig.needClientAuth() && !tls.tls().get().canVerifyPeers()) {
            throw new IllegalArgumentException("gateway.dicom.tls.need-client-auth=true needs "
                    + "gateway.dicom.tls.trust-store (the CAs whose client certificates are accepted)");
        }
        ClientSubjects subjects;
        try {
            subjects = ClientSubjects.parse(tlsConfig.allowedSubjects());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gateway.dicom.tls.allowed-subjects: " + e.getMessage(), e);
        }
        if (subjects.restricted() && !tlsConfig.needClientAuth()) {
            throw new IllegalArgumentException("gateway.dicom.tls.allowed-subjects needs "
                    + "gateway.dicom.tls.need-client-auth=true (without client certificates there is no subject)");
        }
        return Optional.of(new TlsListenerSettings(
                tlsConfig.port().getAsInt(), tls.tls().get(), tlsConfig.needClientAuth(), subjects, !tlsConfig.only()));
    }

    /** False in a worker process, which has no DICOM listener. */
    boolean enabled() {
        return enabled;
    }

    synchronized void stop() {
        if (listener != null) {
            listener.stop();
        }
    }

    /** The running listener, if started. */
    public synchronized Optional<DicomListener> listener() {
        return Optional.ofNullable(listener);
    }
}
