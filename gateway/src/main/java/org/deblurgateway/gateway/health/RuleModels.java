package org.deblurgateway.gateway.health;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.deblurgateway.model.inference.Deblurrer;
import org.deblurgateway.model.inference.InferenceOptions;
import org.deblurgateway.model.inference.ModelCard;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.config.ProcessRole;
import org.deblurgateway.routes.deblur.DeblurActionRoute;
import org.deblurgateway.routes.deblur.DeblurConfig;
import org.deblurgateway.routes.deblur.DeblurModels;
import org.deblurgateway.routes.deblur.DeblurOptions;
import org.deblurgateway.routes.rules.ActiveRules;
import org.deblurgateway.routes.rules.Rule;
import org.deblurgateway.routes.rules.RuleSet;
import org.deblurgateway.routes.rules.RulesApplied;
import org.jboss.logging.Logger;

/**
 * Loads, when the gateway starts and whenever a new rules version comes into force, every model its deblur rules
 * name, so that corrupt or missing weights show on readiness before the first object needs them rather than as failed
 * frames later. The load runs on its own thread (a network takes seconds to load) and fills the same cache the frame
 * workers use. Models the rules in force no longer name leave readiness.
 */
@ApplicationScoped
public class RuleModels {

    private static final Logger LOG = Logger.getLogger(RuleModels.class);

    private final Instance<ActiveRules> rules;
    private final DeblurModels models;
    private final DeblurConfig deblur;
    private final boolean enabled;
    private final Map<String, ModelLoad> loads = new ConcurrentHashMap<>();

    public RuleModels(
            Instance<ActiveRules> rules,
            DeblurModels models,
            DeblurConfig deblur,
            GatewayConfig process,
            HealthConfig health) {
        this.rules = rules;
        this.models = models;
        this.deblur = deblur;
        // A worker process reads no rules; it loads a model when its first frame arrives.
        this.enabled = process.role() == ProcessRole.GATEWAY && health.loadRuleModels();
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            loadNamed(rules.get().ruleSet());
        }
    }

    void onRulesApplied(@Observes RulesApplied change) {
        if (enabled) {
            loadNamed(change.version().ruleSet());
        }
    }

    /** Loads (on a thread of its own) each named model not loaded yet; forgets the models no rule names now. */
    private synchronized void loadNamed(RuleSet ruleSet) {
        Map<String, List<String>> named = namedModels(ruleSet);
        loads.keySet().retainAll(named.keySet());
        Map<String, List<String>> toLoad = new LinkedHashMap<>();
        named.forEach((model, ruleNames) -> {
            ModelLoad known = loads.get(model);
            if (known != null && known.state() == ModelLoad.State.LOADED) {
                loads.put(model, new ModelLoad(model, ruleNames, known.state(), known.detail()));
            } else if (known == null || known.state() == ModelLoad.State.FAILED) {
                loads.put(model, new ModelLoad(model, ruleNames, ModelLoad.State.LOADING, Optional.empty()));
                toLoad.put(model, ruleNames);
            }
        });
        if (!toLoad.isEmpty()) {
            Thread loader = new Thread(() -> toLoad.forEach(this::load), "rule-model-loader");
            loader.setDaemon(true);
            loader.start();
        }
    }

    /** Model id -> names of the deblur rules that use it, in file order. */
    Map<String, List<String>> namedModels(RuleSet rules) {
        Map<String, List<String>> named = new LinkedHashMap<>();
        for (Rule rule : rules.rules()) {
            if (DeblurActionRoute.NAME.equals(rule.action())) {
                String model =
                        DeblurOptions.of(rule.options(), deblur.defaultModel()).model();
                named.computeIfAbsent(model, m -> new ArrayList<>()).add(rule.name());
            }
        }
        return named;
    }

    private void load(String model, List<String> rules) {
        try {
            Deblurrer deblurrer = models.get(model);
            ModelCard card = deblurrer.card();
            InferenceOptions options = deblurrer.options();
            String detail = "version " + card.version() + ", weights sha256 "
                    + card.sha256Of(options.precision().weightsFile()).orElse("?") + ", device " + options.device()
                    + ", precision " + options.precision();
            // Only while a rule still names it: a newer rules version may have dropped it during the load.
            loads.computeIfPresent(
                    model,
                    (m, before) -> new ModelLoad(m, before.rules(), ModelLoad.State.LOADED, Optional.of(detail)));
        } catch (RuntimeException | LinkageError e) {
            // DeblurModels wraps the loader's IOException (missing file, sha256 mismatch, bad TorchScript).
            Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
            String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            LOG.errorf("GW-MODEL-FAILED model %s (rules %s) failed to load: %s", model, rules, why);
            loads.computeIfPresent(
                    model,
                    (m, before) -> new ModelLoad(m, before.rules(), ModelLoad.State.FAILED, Optional.ofNullable(why)));
        }
    }

    /** Each model named by a rule with its load state, by model id. */
    public List<ModelLoad> loads() {
        return loads.values().stream()
                .sorted((a, b) -> a.model().compareTo(b.model()))
                .toList();
    }
}
