package org.deblurgateway.dicom.scp;

import java.util.OptionalInt;

/**
 * Per-peer shares of the listener's association pool, so one address or one AE title cannot take every slot: over a
 * cap the association is rejected (transient, local limit exceeded) while others are still served.
 *
 * @param perCallingAddress associations at once from one IP address (checked at TCP accept); empty = no cap
 * @param perCallingAe      associations at once under one calling AE title (checked at A-ASSOCIATE-RQ); empty = no cap
 */
public record AssociationCaps(OptionalInt perCallingAddress, OptionalInt perCallingAe) {

    public AssociationCaps {
        if (perCallingAddress.isPresent() && perCallingAddress.getAsInt() < 1) {
            throw new IllegalArgumentException(
                    "associations per calling address must be at least 1, was " + perCallingAddress.getAsInt());
        }
        if (perCallingAe.isPresent() && perCallingAe.getAsInt() < 1) {
            throw new IllegalArgumentException(
                    "associations per calling AE must be at least 1, was " + perCallingAe.getAsInt());
        }
    }

    /** Only the listener's overall limit applies. */
    public static AssociationCaps none() {
        return new AssociationCaps(OptionalInt.empty(), OptionalInt.empty());
    }
}
