package org.deblurgateway.routes.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The placement of an ingest message's outbound copies: one per receipt, the same for every delivery of it. */
class IngestPlacementTest {

    private static IngestMessage receipt(long receivedAt) {
        return IngestMessage.decode(Map.of(
                ObjectHeaders.SPOOL_PATH,
                "spool/incoming/1.2.3.dcm",
                ObjectHeaders.SOP_INSTANCE_UID,
                "1.2.3",
                ObjectHeaders.RECEIVED_AT,
                receivedAt));
    }

    @Test
    void placement_redeliveredOrRedriven_same() {
        assertEquals(receipt(1000).placement("ID:a"), receipt(1000).placement("ID:a"), "redelivery");
        assertEquals(
                receipt(1000).placement("ID:a"),
                receipt(1000).placement("ID:b"),
                "a re-drive from the dead-letter queue is a new JMS message of the same receipt");
    }

    @Test
    void placement_reSendOfTheInstance_other() {
        assertNotEquals(receipt(1000).placement("ID:a"), receipt(2000).placement("ID:b"));
    }

    @Test
    void placement_noTimeOfReceipt_byMessageId() {
        IngestMessage handMade = IngestMessage.decode(Map.of(ObjectHeaders.SPOOL_PATH, "spool/incoming/1.2.3.dcm"));
        assertEquals(handMade.placement("ID:a"), handMade.placement("ID:a"));
        assertNotEquals(handMade.placement("ID:a"), handMade.placement("ID:b"));
    }
}
