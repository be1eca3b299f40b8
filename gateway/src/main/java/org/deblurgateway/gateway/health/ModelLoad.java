package org.deblurgateway.gateway.health;

import java.util.List;
import java.util.Optional;

/**
 * Where the start-up load of one model named by a deblur rule stands.
 *
 * @param model  model id
 * @param rules  the rules that name it
 * @param state  loading, loaded or failed
 * @param detail on success the model card's version, weights sha256, device and precision; on failure why
 */
public record ModelLoad(String model, List<String> rules, State state, Optional<String> detail) {

    public enum State {
        LOADING,
        LOADED,
        FAILED
    }
}
