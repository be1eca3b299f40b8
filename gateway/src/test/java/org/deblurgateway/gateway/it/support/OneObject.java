package org.deblurgateway.gateway.it.support;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deblurgateway.dicom.TransferSyntaxes;
import org.deblurgateway.dicom.commitment.SopReference;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.SyntheticObjects;

/** One small generated image (8x8 secondary capture, its own SOP Instance UID) sent to the gateway with storescu. */
public final class OneObject {

    private OneObject() {}

    /** Generates the object under {@code work}, sends it (calling AE MODALITY) and returns its reference. */
    public static SopReference send(Path work, int gatewayPort) throws Exception {
        AttributeList list = SyntheticObjects.image(
                SopClasses.SECONDARY_CAPTURE, SyntheticObjects.Spec.grey("MONOCHROME2", 8, 8, 1, 8, 8, 7, false));
        String uid = "2.25." + Long.toUnsignedString(System.nanoTime());
        SyntheticObjects.put(list, TagFromName.SOPInstanceUID, uid);
        SyntheticObjects.withCells(list, 8, new int[64]);
        Path file = SyntheticObjects.write(
                list,
                Files.createDirectories(work.resolve("send")).resolve(uid + ".dcm"),
                TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN);
        Process p = new ProcessBuilder(List.of(
                        "storescu",
                        "-aet",
                        "MODALITY",
                        "-aec",
                        GatewayProcess.AE_TITLE,
                        "127.0.0.1",
                        Integer.toString(gatewayPort),
                        file.toString()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new AssertionError("storescu failed: " + out);
        }
        return new SopReference(SopClasses.SECONDARY_CAPTURE, uid);
    }
}
