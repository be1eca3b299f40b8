package org.deblurgateway.gateway.commitment;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the ledger knows about one received instance: its receipt, the rule that routed it and which of the rule's
 * destinations took it (the original, or its derived instance in place of it). Guarded by the ledger's lock.
 */
final class InstanceRecord {

    boolean received;
    String sopClassUid = "";
    /** Null until the rules have decided. */
    String rule;

    String action = "";
    List<String> destinations = List.of();
    boolean sendsOriginal = true;
    final Set<String> deliveredOriginal = new HashSet<>();
    final Set<String> deliveredDerived = new HashSet<>();
    /** Destination -> why its last try was the last one (dead-lettered); removed again by a later delivery. */
    final Map<String, String> deadLettered = new HashMap<>();

    long updatedAt;

    /** A new copy of the instance arrived: its forwards start afresh. */
    void receivedAgain() {
        deliveredOriginal.clear();
        deliveredDerived.clear();
        deadLettered.clear();
    }
}
