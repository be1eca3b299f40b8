package org.deblurgateway.gateway;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.config.ProcessRole;
import org.deblurgateway.routes.rules.RulesFileException;
import org.deblurgateway.routes.rules.RulesReload;
import org.jboss.logging.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code kill -HUP <pid>} reads the rules file again, as {@code POST /admin/rules/reload} does. Without this handler
 * the JVM would treat SIGHUP as a request to shut down; a gateway started with {@code -Xrs} keeps that behaviour.
 */
@ApplicationScoped
public class RulesReloadSignal {

    private static final Logger LOG = Logger.getLogger(RulesReloadSignal.class);

    private final Instance<RulesReload> reload;
    private final boolean gatewayRole;

    public RulesReloadSignal(Instance<RulesReload> reload, GatewayConfig process) {
        this.reload = reload;
        this.gatewayRole = process.role() == ProcessRole.GATEWAY;
    }

    void install(@Observes StartupEvent start) {
        if (!gatewayRole) {
            return;
        }
        try {
            SignalHandler before = Signal.handle(new Signal("HUP"), signal -> reloadNow());
            if (before == SignalHandler.SIG_IGN) {
                // A process started with SIGHUP ignored (nohup, some service managers) keeps ignoring it: the JVM
                // does not install the handler then, so saying "SIGHUP reloads" would be untrue.
                LOG.warn("DGW-RUL-006 SIGHUP cannot reload the rules here: this process was started with SIGHUP"
                        + " ignored (e.g. by nohup); use POST /admin/rules/reload or the console's Rules page");
            } else {
                LOG.info("DGW-RUL-005 SIGHUP reloads the rules file");
            }
        } catch (IllegalArgumentException e) {
            // The JVM refuses the handler (e.g. started with -Xrs, or a platform without SIGHUP).
            LOG.warnf(
                    "DGW-RUL-006 SIGHUP cannot reload the rules here (%s); use POST /admin/rules/reload",
                    e.getMessage());
        }
    }

    private void reloadNow() {
        try {
            reload.get().reloadFile("signal", RulesReload.SIGNAL);
        } catch (RulesFileException e) {
            // RulesReload has logged the problems (DGW-RUL-002); the rules in force stay.
        } catch (RuntimeException e) {
            LOG.errorf("DGW-RUL-007 SIGHUP reload failed, the rules in force stay: %s", e.toString());
        }
    }
}
