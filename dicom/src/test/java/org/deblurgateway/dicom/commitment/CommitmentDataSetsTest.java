package org.deblurgateway.dicom.commitment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.deblurgateway.dicom.TransferSyntaxes;
import org.deblurgateway.dicom.net.DimseCommand;
import org.deblurgateway.dicom.net.ProtocolException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommitmentDataSetsTest {

    private static final SopReference CT = new SopReference("1.2.840.10008.5.1.4.1.1.2", "2.25.1");
    private static final SopReference MR = new SopReference("1.2.840.10008.5.1.4.1.1.4", "2.25.22");

    @ParameterizedTest
    @ValueSource(strings = {TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN})
    void request_roundTrip_keepsTransactionAndReferences(String ts) throws Exception {
        CommitmentRequest request = new CommitmentRequest("2.25.777", List.of(CT, MR));

        assertEquals(request, CommitmentDataSets.decodeRequest(CommitmentDataSets.encodeRequest(request, ts), ts));
    }

    @ParameterizedTest
    @ValueSource(strings = {TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN})
    void result_roundTrip_keepsFailureReasons(String ts) throws Exception {
        CommitmentResult result = new CommitmentResult(
                "2.25.777", List.of(CT), List.of(new FailedSop(MR, StorageCommitment.NO_SUCH_OBJECT_INSTANCE, "")));

        CommitmentResult back = CommitmentDataSets.decodeResult(CommitmentDataSets.encodeResult(result, ts), ts);

        assertEquals(result, back);
        assertEquals(StorageCommitment.EVENT_FAILURES, back.eventTypeId());
    }

    @ParameterizedTest
    @ValueSource(strings = {TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN})
    void request_truncatedAnywhere_isProtocolErrorNeverACrash(String ts) {
        byte[] whole = CommitmentDataSets.encodeRequest(new CommitmentRequest("2.25.777", List.of(CT, MR)), ts);
        for (int n = 0; n < whole.length; n++) {
            byte[] cut = Arrays.copyOf(whole, n);
            try {
                CommitmentDataSets.decodeRequest(cut, ts);
            } catch (ProtocolException expected) {
                // the only acceptable failure
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN})
    void request_withoutReferences_isRefused(String ts) {
        byte[] empty = CommitmentDataSets.encodeRequest(new CommitmentRequest("2.25.777", List.of()), ts);

        assertThrows(ProtocolException.class, () -> CommitmentDataSets.decodeRequest(empty, ts));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void actionAndEventCommands_roundTrip(int type) throws Exception {
        DimseCommand action = DimseCommand.parse(DimseCommand.actionRequest(
                5, StorageCommitment.SOP_CLASS_UID, StorageCommitment.SOP_INSTANCE_UID, type));
        DimseCommand event = DimseCommand.parse(DimseCommand.eventReportRequest(
                6, StorageCommitment.SOP_CLASS_UID, StorageCommitment.SOP_INSTANCE_UID, type));

        assertEquals(DimseCommand.N_ACTION_RQ, action.commandField());
        assertEquals(StorageCommitment.SOP_CLASS_UID, action.requestedSopClassUid());
        assertEquals(StorageCommitment.SOP_INSTANCE_UID, action.requestedSopInstanceUid());
        assertEquals(type, action.typeId());
        assertEquals(5, action.messageId());
        assertEquals(DimseCommand.N_EVENT_REPORT_RQ, event.commandField());
        assertEquals(StorageCommitment.SOP_INSTANCE_UID, event.affectedSopInstanceUid());
        assertEquals(type, event.typeId());
        assertArrayEquals(new boolean[] {true, true}, new boolean[] {action.hasDataSet(), event.hasDataSet()});
    }
}
