package org.deblurgateway.routes.deblur;

import java.util.Locale;

/**
 * Content Qualification (0018,9004) of derived instances ({@code gateway.deblur.content-qualification}): RESEARCH
 * until the site has validated the model, then PRODUCT.
 */
public enum ContentQualification {
    PRODUCT,
    RESEARCH,
    SERVICE;

    /** As the key has always been read: surrounding blanks and case do not matter. */
    public static ContentQualification parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "gateway.deblur.content-qualification must be PRODUCT, RESEARCH or " + "SERVICE, not '" + value
                            + "'",
                    e);
        }
    }
}
