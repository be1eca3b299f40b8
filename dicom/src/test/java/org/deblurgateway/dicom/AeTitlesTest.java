package org.deblurgateway.dicom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.deblurgateway.dicom.scp.ListenerSettings;
import org.junit.jupiter.api.Test;

class AeTitlesTest {

    @Test
    void isValid_usableTitles_true() {
        assertTrue(AeTitles.isValid("DEBLUR"));
        assertTrue(AeTitles.isValid("A"));
        assertTrue(AeTitles.isValid("SIXTEEN_CHARS_AE"));
        assertTrue(AeTitles.isValid(" PACS "));
    }

    @Test
    void isValid_unusableTitles_false() {
        assertFalse(AeTitles.isValid(null));
        assertFalse(AeTitles.isValid(""));
        assertFalse(AeTitles.isValid("    "));
        assertFalse(AeTitles.isValid("SEVENTEEN_CHARS_A"));
        assertFalse(AeTitles.isValid("BACK\\SLASH"));
        assertFalse(AeTitles.isValid("TAB\tAE"));
        assertFalse(AeTitles.isValid("ÄRZTE"));
    }

    @Test
    void isValidPattern_anyLength_onlyCharactersChecked() {
        assertTrue(AeTitles.isValidPattern("XRAY*_LONGER_THAN_SIXTEEN"));
        assertFalse(AeTitles.isValidPattern(" "));
        assertFalse(AeTitles.isValidPattern("X\\Y"));
    }

    @Test
    void listenerSettings_titleWithControlCharacter_refusedByTheSameRule() {
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class,
                () -> new ListenerSettings(
                        Set.of("DEBLUR\n"),
                        Optional.empty(),
                        "127.0.0.1",
                        0,
                        65536,
                        4,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1)));
        assertTrue(refused.getMessage().contains(AeTitles.RULE), refused.getMessage());
    }
}
