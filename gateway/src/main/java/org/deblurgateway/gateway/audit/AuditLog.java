package org.deblurgateway.gateway.audit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.SSLSocketFactory;
import org.deblurgateway.gateway.DicomListenerConfig;
import org.deblurgateway.routes.spool.DataDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every audit message goes: first the local file (durable when {@link #record} returns), then, when a collector
 * is configured, the syslog queue. Recording never throws into the reporter: a message that cannot be written is
 * logged (DGW-AUD-001, its kind only) and the gateway goes on.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final boolean enabled;
    private final AuditMessages messages;
    private final AuditTrailFile file;
    private final Optional<SyslogSender> syslog;

    @Inject
    public AuditLog(AuditConfig config, DicomListenerConfig listener, DataDir dataDir) {
        this.enabled = config.enabled();
        String host = hostName();
        Set<String> aeTitles = new LinkedHashSet<>();
        aeTitles.add(listener.aeTitle());
        listener.extraAeTitles().ifPresent(aeTitles::addAll);
        AuditSource source = new AuditSource(
                config.sourceId().orElse(host),
                config.enterpriseSiteId().orElse(null),
                config.appName(),
                "AETITLES=" + String.join(";", aeTitles),
                host);
        this.messages = new AuditMessages(source);
        if (!enabled) {
            this.file = null;
            this.syslog = Optional.empty();
            return;
        }
        Path path = config.file().orElse(dataDir.root().resolve("audit").resolve("audit.log"));
        try {
            this.file = new AuditTrailFile(path);
        } catch (IOException e) {
            throw new UncheckedIOException("gateway.audit.file: cannot open " + path + ": " + e.getMessage(), e);
        }
        this.syslog = config.syslog()
                .host()
                .map(collector -> new SyslogSender(
                        collector,
                        config.syslog().port(),
                        socketFactory(config.syslog()),
                        config.syslog().verifyHostname(),
                        config.syslog().queueCapacity(),
                        config.syslog().connectTimeout(),
                        config.syslog().maxRetryDelay(),
                        host,
                        config.appName()));
        LOG.info(
                "DGW-AUD-000 audit trail: {}{}",
                path,
                syslog.isPresent()
                        ? " and syslog " + config.syslog().host().get() + ":"
                                + config.syslog().port()
                        : " (no syslog collector)");
    }

    /** Builds a message with the gateway's source and records it (nothing when the audit is disabled). */
    public void record(Function<AuditMessages, AuditMessage> message) {
        if (!enabled) {
            return;
        }
        AuditMessage m;
        try {
            m = message.apply(messages);
        } catch (RuntimeException e) {
            LOG.error("DGW-AUD-001 an audit message could not be built: {}", e.toString());
            return;
        }
        try {
            file.append(m);
        } catch (IOException | RuntimeException e) {
            LOG.error("DGW-AUD-001 audit message ({}) not written to {}: {}", m.kind(), file.path(), e.toString());
        }
        syslog.ifPresent(s -> s.offer(m));
    }

    public boolean enabled() {
        return enabled;
    }

    @PreDestroy
    void close() {
        syslog.ifPresent(SyslogSender::close);
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.warn("DGW-AUD-001 closing the audit file: {}", e.toString());
            }
        }
    }

    private static SSLSocketFactory socketFactory(AuditConfig.Syslog syslog) {
        try {
            return SyslogTls.socketFactory(
                    syslog.trustStore(), syslog.trustStorePassword(), syslog.keyStore(), syslog.keyStorePassword());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "gateway.audit.syslog trust/key store cannot be read: " + e.getMessage(), e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
