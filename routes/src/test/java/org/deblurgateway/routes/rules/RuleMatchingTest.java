package org.deblurgateway.routes.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deblurgateway.routes.actions.DropActionRoute;
import org.deblurgateway.routes.actions.PassActionRoute;
import org.deblurgateway.routes.messages.IngestMessage;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.junit.jupiter.api.Test;

/** Which rule an object gets: each match key's comparison, AND across keys, OR within a list, first match wins. */
class RuleMatchingTest {

    private static final RulesParser PARSER =
            new RulesParser(List.of(new PassActionRoute(null, null), new DropActionRoute(null, null)));

    /** A rule set with one rule using {@code match} (action drop) before the default. */
    private static RuleSet withMatch(String match) {
        return PARSER.parse(
                "destinations:\n  pacs: {ae-title: PACS, host: 127.0.0.1, port: 4242}\n"
                        + "rules:\n  - name: candidate\n    match: " + match + "\n    action: drop\n"
                        + "  - name: default\n    action: pass\n    destinations: [pacs]\n",
                "test");
    }

    private static ObjectAttributes object(
            String callingAe,
            String calledAe,
            String modality,
            String sopClass,
            String bodyPart,
            String seriesDescription,
            String studyDescription) {
        return new ObjectAttributes(
                callingAe, calledAe, modality, sopClass, bodyPart, seriesDescription, studyDescription);
    }

    private static ObjectAttributes modality(String modality) {
        return object("XRAY1", "DEBLUR", modality, "1.2.840.10008.5.1.4.1.1.1", "CHEST", "PA", "Thorax");
    }

    private static boolean matches(String match, ObjectAttributes object) {
        return withMatch(match).firstMatch(object).name().equals("candidate");
    }

    @Test
    void firstMatch_noRuleMatches_defaultRule() {
        assertEquals(
                "default",
                withMatch("{modality: CT}").firstMatch(modality("MR")).name());
    }

    @Test
    void firstMatch_twoRulesMatch_firstWins() {
        RuleSet set = PARSER.parse(
                "rules:\n  - name: one\n    match: {modality: CT}\n    action: drop\n"
                        + "  - name: two\n    match: {modality: CT}\n    action: drop\n"
                        + "  - name: default\n    action: drop\n",
                "test");

        assertEquals("one", set.firstMatch(modality("CT")).name());
    }

    @Test
    void modality_exactCaseInsensitive() {
        assertTrue(matches("{modality: cr}", modality("CR")));
        assertTrue(matches("{modality: CR}", modality(" cr ")));
        assertFalse(matches("{modality: CR}", modality("CRX")));
    }

    @Test
    void modality_listIsAnyOf() {
        assertTrue(matches("{modality: [CR, DX]}", modality("DX")));
        assertFalse(matches("{modality: [CR, DX]}", modality("CT")));
    }

    @Test
    void modality_absentOnObject_noMatch() {
        assertFalse(matches("{modality: CR}", modality(null)));
    }

    @Test
    void callingAeTitle_globStar() {
        assertTrue(matches("{calling-ae-title: 'XRAY*'}", modality("CR")));
        assertTrue(matches("{calling-ae-title: 'X*1'}", modality("CR")));
        assertFalse(matches("{calling-ae-title: 'CT*'}", modality("CR")));
    }

    @Test
    void callingAeTitle_globQuestionMarkIsOneCharacter() {
        assertTrue(matches("{calling-ae-title: 'XRAY?'}", modality("CR")));
        assertFalse(matches("{calling-ae-title: 'XRAY??'}", modality("CR")));
    }

    @Test
    void callingAeTitle_caseSensitive() {
        assertFalse(matches("{calling-ae-title: 'xray*'}", modality("CR")));
    }

    @Test
    void callingAeTitle_regexCharactersAreLiteral() {
        ObjectAttributes dotted = object("A.B", "DEBLUR", "CR", null, null, null, null);
        assertTrue(matches("{calling-ae-title: 'A.B'}", dotted));
        assertFalse(matches("{calling-ae-title: 'A.B'}", object("AXB", "DEBLUR", "CR", null, null, null, null)));
    }

    @Test
    void callingAeTitle_paddingSpacesIgnored() {
        assertTrue(matches("{calling-ae-title: XRAY1}", object("XRAY1 ", "DEBLUR", "CR", null, null, null, null)));
    }

    @Test
    void calledAeTitle_glob() {
        assertTrue(matches("{called-ae-title: 'DEB*'}", modality("CR")));
        assertFalse(matches("{called-ae-title: 'GW'}", modality("CR")));
    }

    @Test
    void sopClassUid_exact() {
        assertTrue(matches("{sop-class-uid: '1.2.840.10008.5.1.4.1.1.1'}", modality("CR")));
        assertFalse(matches("{sop-class-uid: '1.2.840.10008.5.1.4.1.1'}", modality("CR")));
    }

    @Test
    void bodyPart_exactCaseInsensitive() {
        assertTrue(matches("{body-part-examined: chest}", modality("CR")));
        assertFalse(matches("{body-part-examined: HEAD}", modality("CR")));
    }

    @Test
    void seriesDescription_regexFoundAnywhere() {
        ObjectAttributes object = object("XRAY1", "DEBLUR", "CR", null, null, "Chest PA upright", null);
        assertTrue(matches("{series-description: 'PA'}", object));
        assertFalse(matches("{series-description: '^PA$'}", object));
        assertTrue(matches("{series-description: '(?i)chest'}", object));
        assertFalse(matches("{series-description: 'chest'}", object));
    }

    @Test
    void studyDescription_regexListAnyOf() {
        ObjectAttributes object = object("XRAY1", "DEBLUR", "CR", null, null, null, "Thorax 2 views");
        assertTrue(matches("{study-description: ['^Abdomen', 'Thorax']}", object));
        assertFalse(matches("{study-description: ['^Abdomen', '^views']}", object));
    }

    @Test
    void severalKeys_allMustMatch() {
        assertTrue(matches("{modality: [CR, DX], calling-ae-title: 'XRAY*'}", modality("CR")));
        assertFalse(matches("{modality: [CR, DX], calling-ae-title: 'CT*'}", modality("CR")));
        assertFalse(matches("{modality: [MR], calling-ae-title: 'XRAY*'}", modality("CR")));
    }

    @Test
    void fromHeaders_readsObjectHeaderNames() {
        Map<String, Object> headers = new HashMap<>();
        headers.put(ObjectHeaders.CALLING_AE, "XRAY7");
        headers.put(ObjectHeaders.CALLED_AE, "DEBLUR");
        headers.put(ObjectHeaders.MODALITY, "DX");
        headers.put(ObjectHeaders.SOP_CLASS_UID, "1.2.840.10008.5.1.4.1.1.1.1");
        headers.put(ObjectHeaders.BODY_PART, "CHEST");
        headers.put(ObjectHeaders.SERIES_DESCRIPTION, "AP");
        headers.put(ObjectHeaders.STUDY_DESCRIPTION, "Chest");

        ObjectAttributes attributes = IngestMessage.decode(headers).object().attributes();

        assertEquals(
                object("XRAY7", "DEBLUR", "DX", "1.2.840.10008.5.1.4.1.1.1.1", "CHEST", "AP", "Chest"), attributes);
        assertTrue(matches("{modality: DX, calling-ae-title: 'XRAY*', body-part-examined: CHEST}", attributes));
    }

    @Test
    void globToRegex_quotesEverythingButWildcards() {
        assertEquals("\\Q(\\E.*\\Q)\\E.", MatchKey.globToRegex("(*)?"));
    }
}
