package org.deblurgateway.gateway.echo;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.deblurgateway.dicom.scu.Destination;
import org.deblurgateway.dicom.scu.EchoScu;
import org.deblurgateway.dicom.scu.EchoScu.EchoResult;
import org.deblurgateway.routes.config.DicomTlsSetup;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.config.RoutingConfig;
import org.deblurgateway.routes.rules.ActiveRules;
import org.jboss.logging.Logger;

/**
 * C-ECHO of every destination of the rules in force, at start and then every interval, one after the other on one
 * thread: a destination that does not answer shows as down (readiness detail, console) before the first object waits
 * on it. A change of state is logged (DGW-ECH-001 down, DGW-ECH-002 up again).
 */
@ApplicationScoped
public class DestinationEchoes {

    private static final Logger LOG = Logger.getLogger(DestinationEchoes.class);

    private final ActiveRules rules;
    private final DestinationEchoConfig config;
    private final EchoScu echoScu;
    private final boolean enabled;
    private final Map<String, EchoState> states = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    @Inject
    public DestinationEchoes(
            ActiveRules rules,
            DestinationEchoConfig config,
            RoutingConfig routing,
            DicomTlsSetup tls,
            GatewayConfig gateway) {
        this.rules = rules;
        this.config = config;
        this.echoScu = new EchoScu(routing.forward().callingAeTitle().trim(), config.timeout(), tls.tls());
        this.enabled = config.enabled() && gateway.role().hostsPipeline();
    }

    void onStart(@Observes StartupEvent start) {
        if (!enabled) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "destination-echo");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(
                this::echoAllSafely, 0, Math.max(1000, config.interval().toMillis()), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Whether the schedule runs (not in a worker process, not when switched off). */
    public boolean enabled() {
        return enabled;
    }

    /** The last echo of {@code destination}; empty before its first one. */
    public Optional<EchoState> state(String destination) {
        return Optional.ofNullable(states.get(destination));
    }

    /** The last echo of every destination of the rules in force that has had one. */
    public Map<String, EchoState> states() {
        Map<String, Destination> now = rules.ruleSet().destinations();
        Map<String, EchoState> copy = new TreeMap<>();
        states.forEach((name, state) -> {
            if (now.containsKey(name)) {
                copy.put(name, state);
            }
        });
        return copy;
    }

    private void echoAllSafely() {
        try {
            echoAll();
        } catch (RuntimeException e) {
            LOG.errorf(e, "DGW-ECH-003 scheduled C-ECHO of the destinations failed");
        }
    }

    private void echoAll() {
        Map<String, Destination> destinations = rules.ruleSet().destinations();
        states.keySet().retainAll(destinations.keySet());
        for (Destination d : destinations.values()) {
            EchoResult result = echoScu.echo(d);
            EchoState state =
                    new EchoState(d.name(), Instant.now(), result.success(), result.millis(), result.detail());
            EchoState before = states.put(d.name(), state);
            if (!state.up() && (before == null || before.up())) {
                LOG.warnf("DGW-ECH-001 destination %s does not answer C-ECHO: %s", d, state.detail());
            } else if (state.up() && before != null && !before.up()) {
                LOG.infof("DGW-ECH-002 destination %s answers C-ECHO again (%d ms)", d, state.millis());
            }
        }
    }
}
