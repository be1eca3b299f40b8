package org.deblurgateway.dicom.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.deblurgateway.dicom.net.AssociationRejection;
import org.junit.jupiter.api.Test;

/** {@link ListenerObserver#all}: the gateway's audit trail and metrics both hear every event, in order. */
class ListenerObserverTest {

    /** Writes each event it hears, prefixed with its name, to a shared list. */
    private record Recorder(String name, List<String> heard) implements ListenerObserver {

        @Override
        public void associationAccepted() {
            heard.add(name + ": accepted");
        }

        @Override
        public void associationRejected(AssociationRejection reason) {
            heard.add(name + ": rejected " + reason);
        }

        @Override
        public void storeAnswered(int status, long nanos) {
            heard.add(name + ": answered " + Integer.toHexString(status) + " after " + nanos);
        }

        @Override
        public void associationRefused(RefusedAssociation refused) {
            heard.add(name + ": refused " + refused.refusal());
        }

        @Override
        public void tlsHandshakeFailed(SocketAddress peer, String reason) {
            heard.add(name + ": handshake " + reason);
        }
    }

    @Test
    void all_everyEvent_reachesEachObserverInOrder() {
        List<String> heard = new ArrayList<>();
        ListenerObserver both = ListenerObserver.all(new Recorder("audit", heard), new Recorder("metrics", heard));
        SocketAddress peer = new InetSocketAddress("127.0.0.1", 104);

        both.associationAccepted();
        both.associationRejected(AssociationRejection.LOCAL_LIMIT_EXCEEDED);
        both.storeAnswered(DicomStatus.SUCCESS, 42);
        both.associationRefused(new ListenerObserver.RefusedAssociation(
                peer, "MODALITY", "OTHER", ListenerObserver.Refusal.CALLED_AE_NOT_OURS, ""));
        both.tlsHandshakeFailed(peer, "no common protocol");

        assertEquals(
                List.of(
                        "audit: accepted",
                        "metrics: accepted",
                        "audit: rejected LOCAL_LIMIT_EXCEEDED",
                        "metrics: rejected LOCAL_LIMIT_EXCEEDED",
                        "audit: answered 0 after 42",
                        "metrics: answered 0 after 42",
                        "audit: refused CALLED_AE_NOT_OURS",
                        "metrics: refused CALLED_AE_NOT_OURS",
                        "audit: handshake no common protocol",
                        "metrics: handshake no common protocol"),
                heard);
    }

    @Test
    void none_everyEvent_isIgnored() {
        ListenerObserver.NONE.associationAccepted();
        ListenerObserver.NONE.storeAnswered(DicomStatus.SUCCESS, 1);
        assertEquals("failure", ListenerObserver.statusClass(0xA700));
    }
}
