package org.deblurgateway.routes.deblur;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A deblur rule's own keys.
 *
 * @param model           model id (a folder of the weights directory)
 * @param forwardOriginal also forward the untouched original to the rule's destinations (default true)
 * @param minBlurScore    deblur only objects whose blur score (blur effect, 0 sharp .. 1 blurred, mean over
 *                        frames) is at least this; sharper ones are forwarded unchanged
 */
public record DeblurOptions(String model, boolean forwardOriginal, OptionalDouble minBlurScore) {

    public static final String MODEL = "model";
    public static final String FORWARD_ORIGINAL = "forward-original";
    public static final String MIN_BLUR_SCORE = "min-blur-score";
    public static final Set<String> KEYS = Set.of(MODEL, FORWARD_ORIGINAL, MIN_BLUR_SCORE);

    /** Reads the options of a rule; call {@link #problems} first, this assumes they are valid. */
    public static DeblurOptions of(Map<String, Object> options, String defaultModel) {
        Object model = options.get(MODEL);
        Object forward = options.get(FORWARD_ORIGINAL);
        Object min = options.get(MIN_BLUR_SCORE);
        return new DeblurOptions(
                model == null ? defaultModel : model.toString(),
                forward == null || (Boolean) forward,
                min == null ? OptionalDouble.empty() : OptionalDouble.of(((Number) min).doubleValue()));
    }

    /** Problems with a rule's options as "field: message" texts. */
    public static List<String> problems(Map<String, Object> options) {
        List<String> problems = new ArrayList<>();
        Object model = options.get(MODEL);
        if (model != null && !(model instanceof String)) {
            problems.add(MODEL + ": expected a model id such as rdsam-lite, found '" + model + "'");
        }
        Object forward = options.get(FORWARD_ORIGINAL);
        if (forward != null && !(forward instanceof Boolean)) {
            problems.add(FORWARD_ORIGINAL + ": expected true or false, found '" + forward + "'");
        }
        Object min = options.get(MIN_BLUR_SCORE);
        if (min != null && (!(min instanceof Number number) || number.doubleValue() < 0 || number.doubleValue() > 1)) {
            problems.add(MIN_BLUR_SCORE + ": expected a number from 0 (sharp) to 1 (blurred), found '" + min + "'");
        }
        return problems;
    }
}
