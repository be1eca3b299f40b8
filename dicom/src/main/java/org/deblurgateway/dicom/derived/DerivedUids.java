package org.deblurgateway.dicom.derived;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.deblurgateway.dicom.DicomUids;

/**
 * UIDs of derived series and instances, computed from the source UID and the model id so that a redone step writes
 * the same UIDs again (the PACS then sees one derived instance, never a second copy).
 *
 * <p>Each UID is {@code 2.25.<decimal of a 128-bit UUID>} (PS3.5 B.2), the UUID being version 8 (custom, RFC 9562)
 * built from a SHA-256 name hash. Series and instance UIDs use separate namespaces, and the last bit of the UUID is
 * fixed per kind (0 for series, 1 for instances), so a series UID can never equal an instance UID, whatever the
 * inputs. The longest result is 5 + 39 = 44 characters, and a decimal number never has a leading zero.
 */
public final class DerivedUids {

    private static final String SERIES_NAMESPACE = "org.deblurgateway/derived-series/v1";
    private static final String INSTANCE_NAMESPACE = "org.deblurgateway/derived-instance/v1";

    private DerivedUids() {}

    /** Series Instance UID of the derived series made by {@code modelId} from the source series. */
    public static String seriesUid(String sourceSeriesUid, String modelId) {
        return uid(SERIES_NAMESPACE, sourceSeriesUid, modelId, 0);
    }

    /** SOP Instance UID of the instance made by {@code modelId} from the source instance. */
    public static String instanceUid(String sourceSopInstanceUid, String modelId) {
        return uid(INSTANCE_NAMESPACE, sourceSopInstanceUid, modelId, 1);
    }

    private static String uid(String namespace, String sourceUid, String modelId, int kindBit) {
        String source = DicomUids.trimPadding(Objects.requireNonNull(sourceUid, "source UID"));
        Objects.requireNonNull(modelId, "model id");
        if (source.isEmpty() || modelId.isEmpty()) {
            throw new IllegalArgumentException("source UID and model id must not be empty");
        }
        // NUL separators keep the name unambiguous: UIDs and model ids never contain NUL.
        byte[] hash = sha256(namespace + '\0' + source + '\0' + modelId);
        byte[] uuid = new byte[16];
        System.arraycopy(hash, 0, uuid, 0, 16);
        uuid[6] = (byte) ((uuid[6] & 0x0F) | 0x80); // version 8
        uuid[8] = (byte) ((uuid[8] & 0x3F) | 0x80); // variant 10 (RFC 9562)
        uuid[15] = (byte) ((uuid[15] & 0xFE) | kindBit);
        String uid = "2.25." + new BigInteger(1, uuid);
        if (!DicomUids.isValid(uid)) {
            throw new IllegalStateException("derived UID is not a valid UID: " + uid); // cannot happen: 44 chars max
        }
        return uid;
    }

    private static byte[] sha256(String name) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
