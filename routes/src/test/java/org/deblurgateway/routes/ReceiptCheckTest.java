package org.deblurgateway.routes;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.deblurgateway.dicom.scp.ReceiptSeal;
import org.deblurgateway.routes.messages.IngestMessage;
import org.deblurgateway.routes.messages.ObjectDescription;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.routes.spool.DataDir;
import org.deblurgateway.routes.spool.OutboundSpool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the ingest route does with a file whose announcement a power cut may have outrun. */
class ReceiptCheckTest {

    private static final String SPOOL_PATH = "spool/incoming/2.25.5.r0123456789abcdef.dcm";
    private static final String EARLIER_BOOT = "00000000-0000-0000-0000-000000000000";

    @TempDir
    Path dataDir;

    private Path file;
    private ReceiptCheck check;
    private final byte[] content = "DICM and the rest of the object".getBytes();

    @BeforeEach
    void spoolFile() throws Exception {
        file = Files.createDirectories(dataDir.resolve("spool/incoming")).resolve("2.25.5.r0123456789abcdef.dcm");
        Files.write(file, content);
        check = new ReceiptCheck(new OutboundSpool(new DataDir(dataDir)));
    }

    @Test
    void earlierBoot_fileAsSealed_routed() {
        assertTrue(check.intact(exchange(new ReceiptSeal(content.length, crc(content), EARLIER_BOOT))));
        assertTrue(Files.exists(file));
    }

    @Test
    void earlierBoot_fileLostItsLastWrites_removedAndNotRouted() throws Exception {
        // What a power cut between the commit and the fsync can leave: the right length, zeros where data was.
        byte[] sealed = content.clone();
        Files.write(file, new byte[content.length]);
        assertFalse(check.intact(exchange(new ReceiptSeal(sealed.length, crc(sealed), EARLIER_BOOT))));
        assertFalse(Files.exists(file));
    }

    @Test
    void earlierBoot_fileShorter_removedAndNotRouted() throws Exception {
        Files.write(file, new byte[3]);
        assertFalse(check.intact(exchange(new ReceiptSeal(content.length, crc(content), EARLIER_BOOT))));
        assertFalse(Files.exists(file));
    }

    @Test
    void earlierBoot_fileMissing_leftToTheActions() throws Exception {
        Files.delete(file);
        assertTrue(check.intact(exchange(new ReceiptSeal(content.length, crc(content), EARLIER_BOOT))));
    }

    @Test
    void thisBoot_fileNotRead() throws Exception {
        String thisBoot =
                Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
        Files.write(file, new byte[3]); // differs, but a process crash keeps the page cache: nothing to check
        assertTrue(check.intact(exchange(new ReceiptSeal(content.length, crc(content), thisBoot))));
        assertTrue(Files.exists(file));
    }

    @Test
    void noSeal_routed() {
        assertTrue(check.intact(exchange(null)));
    }

    private Exchange exchange(ReceiptSeal seal) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        ObjectDescription object = IngestMessage.decode(Map.of(ObjectHeaders.SPOOL_PATH, SPOOL_PATH))
                .object();
        exchange.getMessage()
                .setHeaders(new HashMap<>(new IngestMessage(SPOOL_PATH, object, Optional.ofNullable(seal)).headers()));
        return exchange;
    }

    private static long crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return crc.getValue();
    }
}
