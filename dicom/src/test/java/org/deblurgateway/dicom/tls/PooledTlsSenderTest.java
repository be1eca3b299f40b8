package org.deblurgateway.dicom.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.deblurgateway.dicom.scu.Destination;
import org.deblurgateway.dicom.scu.StoreResult;
import org.deblurgateway.dicom.scu.StoreScu;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.Storescp;
import org.deblurgateway.testsupport.TestCertificates;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TLS destination's association is kept open like a plain one: many objects on one handshake. */
class PooledTlsSenderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern ACKNOWLEDGED = Pattern.compile("Association Acknowledged");
    private static final Pattern RELEASED = Pattern.compile("Association Release");

    @TempDir
    static Path certificates;

    private static TestCertificates ca;
    private static TestCertificates.Leaf gateway;
    private static TestCertificates.Leaf pacs;

    @TempDir
    Path work;

    @BeforeAll
    static void makeCertificates() {
        Dcmtk.assumeInstalled();
        TestCertificates.assumeInstalled();
        ca = TestCertificates.authority(certificates.resolve("ca"));
        gateway = ca.server("gateway");
        pacs = ca.server("pacs");
    }

    @Test
    void store_tenObjectsToStorescpTls_oneAssociationReleasedAtClose() throws Exception {
        DicomTls tls = DicomTls.load(new TlsStores(
                Optional.of(gateway.keyStore()),
                Optional.of(TestCertificates.PASSWORD),
                Optional.of(ca.trustStore()),
                Optional.of(TestCertificates.PASSWORD),
                true));
        try (Storescp storescp = Storescp.start(
                "PACS",
                FreePorts.next(),
                work.resolve("received"),
                "-v",
                "+tls",
                pacs.key().toString(),
                pacs.certificate().toString(),
                "+cf",
                ca.caCertificate().toString())) {
            StoreScu scu = new StoreScu("DEBLUR", TIMEOUT, TIMEOUT, Optional.of(tls), Duration.ofSeconds(30));
            Destination destination =
                    new Destination("pacs", "PACS", "127.0.0.1", storescp.port(), Optional.empty(), true);
            for (int i = 0; i < 10; i++) {
                Path object = RawObjects.secondaryCapture(work.resolve(i + ".dcm"), "2.25.88100" + i);
                StoreResult result = scu.store(object, destination);
                assertEquals(StoreResult.Outcome.SUCCESS, result.outcome(), result.detail());
            }
            assertEquals(10, storescp.received().size());
            assertEquals(1, storescp.logCount(ACKNOWLEDGED), storescp.logText());

            scu.close();

            Waits.until(
                    "storescp logging the release",
                    Duration.ofSeconds(10),
                    50,
                    () -> storescp.logCount(RELEASED) == 1,
                    () -> storescp.logText());
        }
    }
}
