package org.deblurgateway.routes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deblurgateway.dicom.AeTitles;
import org.deblurgateway.dicom.scu.StoreScu;
import org.deblurgateway.dicom.tls.DicomTls;
import org.deblurgateway.dicom.tls.TlsStores;
import org.deblurgateway.dicom.web.StowRsSender;
import org.deblurgateway.routes.config.DicomTlsConfig;
import org.deblurgateway.routes.config.DicomTlsSetup;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.config.RoutingConfig;
import org.deblurgateway.routes.forward.RetryPolicy;
import org.deblurgateway.routes.rules.ActiveRules;
import org.deblurgateway.routes.rules.RuleAction;
import org.deblurgateway.routes.rules.RuleSet;
import org.deblurgateway.routes.rules.RulesApplied;
import org.deblurgateway.routes.rules.RulesParser;
import org.deblurgateway.routes.rules.RulesReload;
import org.deblurgateway.routes.rules.RulesVersion;
import org.deblurgateway.routes.spool.DataDir;
import org.deblurgateway.routes.spool.OutboundSpool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the routing services from configuration; an invalid rules file or setting stops the start here. */
@ApplicationScoped
public class RoutingBeans {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingBeans.class);

    @Produces
    @Singleton
    RulesParser rulesParser(@Any Instance<RuleAction> actions, DicomTlsSetup tls) {
        List<RuleAction> available = new ArrayList<>();
        actions.forEach(available::add);
        return new RulesParser(
                available, tls.tls().map(DicomTls::canVerifyPeers).orElse(false));
    }

    /** The rules in force; read from the file at start, swapped only by {@link RulesReload}. */
    @Produces
    @Singleton
    ActiveRules activeRules(RoutingConfig config, RulesParser parser) {
        RulesVersion initial = RulesReload.initial(parser, config.rulesFile(), Clock.systemUTC());
        RuleSet ruleSet = initial.ruleSet();
        LOG.info(
                "DGW-RT-001 routing rules from {} (sha256 {}): {} rule(s) {}, destinations {}",
                config.rulesFile(),
                initial.sha256(),
                ruleSet.rules().size(),
                ruleSet.rules().stream().map(r -> r.name() + "->" + r.action()).toList(),
                ruleSet.destinations().values());
        return new ActiveRules(initial);
    }

    /** Every later version goes through here; observers of {@link RulesApplied} hear of each swap. */
    @Produces
    @Singleton
    RulesReload rulesReload(RoutingConfig config, RulesParser parser, ActiveRules active, Event<RulesApplied> applied) {
        return new RulesReload(parser, active, config.rulesFile(), applied::fire, Clock.systemUTC());
    }

    /** Loads the TLS stores once; a store that cannot be used stops the start with its file and the reason. */
    @Produces
    @Singleton
    DicomTlsSetup dicomTls(DicomTlsConfig config) {
        if (config.keyStore().isEmpty() && config.trustStore().isEmpty()) {
            return new DicomTlsSetup(Optional.empty());
        }
        DicomTls tls = DicomTls.load(new TlsStores(
                config.keyStore(),
                config.keyStorePassword(),
                config.trustStore(),
                config.trustStorePassword().or(config::keyStorePassword),
                config.verifyHostname()));
        return new DicomTlsSetup(Optional.of(tls));
    }

    @Produces
    @Singleton
    StoreScu storeScu(RoutingConfig config, DicomTlsSetup tls) {
        RoutingConfig.Forward forward = config.forward();
        if (!AeTitles.isValid(forward.callingAeTitle())) {
            throw new IllegalArgumentException("gateway.forward.calling-ae-title '" + forward.callingAeTitle()
                    + "' is not a valid AE title (" + AeTitles.RULE + ")");
        }
        if (forward.associationIdleTimeout().isNegative()) {
            throw new IllegalArgumentException(
                    "gateway.forward.association-idle-timeout " + forward.associationIdleTimeout() + " is negative");
        }
        return new StoreScu(
                forward.callingAeTitle().trim(),
                forward.connectTimeout(),
                forward.responseTimeout(),
                tls.tls(),
                forward.associationIdleTimeout());
    }

    /** At shutdown the associations kept open are released (A-RELEASE), not left to the peers to time out. */
    void closeStoreScu(@Disposes StoreScu storeScu) {
        storeScu.close();
    }

    /** The STOW-RS sender of {@code dicomweb} destinations, with the forward timeouts of the C-STORE sender. */
    @Produces
    @Singleton
    StowRsSender stowRsSender(RoutingConfig config) {
        return new StowRsSender(
                config.forward().connectTimeout(), config.forward().responseTimeout());
    }

    @Produces
    @Singleton
    RetryPolicy retryPolicy(RoutingConfig config) {
        RoutingConfig.Forward forward = config.forward();
        return new RetryPolicy(
                forward.maxAttempts(), forward.initialDelay(), forward.backoffMultiplier(), forward.maxDelay());
    }

    @Produces
    @Singleton
    DataDir dataDir(GatewayConfig gateway) {
        return new DataDir(gateway.dataDir());
    }

    @Produces
    @Singleton
    OutboundSpool outboundSpool(DataDir dataDir) {
        return new OutboundSpool(dataDir);
    }

    @Produces
    @Singleton
    ReceiptCheck receiptCheck(OutboundSpool spool) {
        return new ReceiptCheck(spool);
    }
}
