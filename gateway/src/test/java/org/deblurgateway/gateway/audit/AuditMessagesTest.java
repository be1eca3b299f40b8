package org.deblurgateway.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.deblurgateway.gateway.audit.AuditMessageBuilder.SopClassInstances;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** Every message type the gateway emits validates against the DICOM audit message schema and says what A.5.3 asks. */
class AuditMessagesTest {

    private static final Instant AT = Instant.parse("2026-12-07T01:02:03.456Z");
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final String STUDY = "1.2.3.4.5";

    private final AuditMessages messages = new AuditMessages(
            new AuditSource("gw-host", "SITE-A", "deblur-gateway", "AETITLES=DEBLUR;DEBLUR2", "gw-host"));

    private static AuditMessages.StudyInstances study(int instances) {
        List<String> uids = new ArrayList<>();
        for (int i = 1; i <= instances; i++) {
            uids.add(STUDY + ".1." + i);
        }
        return new AuditMessages.StudyInstances(
                STUDY, "PID-778899", List.of(new SopClassInstances(CT, instances, uids)));
    }

    /** Each message type, as the gateway emits it. */
    private List<AuditMessage> everyType() {
        return List.of(
                messages.applicationActivity(AT, true, "gateway"),
                messages.applicationActivity(AT, false, "gateway"),
                messages.securityAlert(AT, "ROGUE", "10.1.2.3", "association rejected: calling AE title ROGUE"),
                messages.securityAlert(AT, "10.1.2.3", "10.1.2.3", "TLS handshake failed: no cipher suites in common"),
                messages.instancesReceived(AT, new AuditMessages.Peer("MODALITY", "10.1.2.4"), "DEBLUR", study(3)),
                messages.instancesForwarded(AT, "DEBLUR", new AuditMessages.Peer("PACS", "10.0.0.9"), study(1), null),
                messages.instancesForwarded(
                        AT, "DEBLUR", new AuditMessages.Peer("PACS", "pacs.example"), study(1), "given up: A700"),
                messages.instanceDerived(AT, study(1)),
                messages.userAuthentication(AT, true, "alice", "127.0.0.1", null),
                messages.userAuthentication(AT, true, "mallory", "127.0.0.1", "wrong user name or password"),
                messages.userAuthentication(AT, false, "alice", "127.0.0.1", null),
                messages.query(AT, "alice", "127.0.0.1", "/console/studies", "by=patient-id&q=PID-778899"));
    }

    @Test
    void everyMessageTypeValidatesAgainstTheDicomAuditSchema() throws Exception {
        for (AuditMessage m : everyType()) {
            try {
                AuditSchema.validate(m.xml());
            } catch (SAXException e) {
                throw new AssertionError(m.kind() + " does not validate: " + e.getMessage() + "\n" + m.xml(), e);
            }
            assertFalse(m.xml().contains("\n"), m.kind() + " is one line");
        }
    }

    @Test
    void theSchemaRejectsAMessageThatBreaksIt() throws Exception {
        String good = messages.instanceDerived(AT, study(1)).xml();
        // Without its AuditSourceIdentification, and with an outcome the schema does not know.
        String noSource = good.replaceAll("<AuditSourceIdentification.*?</AuditSourceIdentification>", "");
        String badOutcome = good.replace("EventOutcomeIndicator=\"0\"", "EventOutcomeIndicator=\"3\"");
        assertThrows(SAXException.class, () -> AuditSchema.validate(noSource));
        assertThrows(SAXException.class, () -> AuditSchema.validate(badOutcome));
        AuditSchema.validate(good);
    }

    @Test
    void eventIdsActionsAndTypesArePerPs3_15A53() throws Exception {
        List<AuditMessage> all = everyType();
        String[][] expected = {
            {"110100", "E", "110120", "0"},
            {"110100", "E", "110121", "0"},
            {"110113", "E", "110126", "4"},
            {"110113", "E", "110126", "4"},
            {"110104", "C", "", "0"},
            {"110104", "R", "", "0"},
            {"110104", "R", "", "8"},
            {"110103", "C", "", "0"},
            {"110114", "E", "110122", "0"},
            {"110114", "E", "110122", "4"},
            {"110114", "E", "110123", "0"},
            {"110112", "E", "", "0"},
        };
        for (int i = 0; i < expected.length; i++) {
            Document d = parse(all.get(i).xml());
            String what = all.get(i).kind();
            assertEquals(expected[i][0], xpath(d, "/AuditMessage/EventIdentification/EventID/@csd-code"), what);
            assertEquals(expected[i][1], xpath(d, "/AuditMessage/EventIdentification/@EventActionCode"), what);
            assertEquals(expected[i][2], xpath(d, "/AuditMessage/EventIdentification/EventTypeCode/@csd-code"), what);
            assertEquals(expected[i][3], xpath(d, "/AuditMessage/EventIdentification/@EventOutcomeIndicator"), what);
            assertEquals("gw-host", xpath(d, "/AuditMessage/AuditSourceIdentification/@AuditSourceID"), what);
            assertEquals("2026-12-07T01:02:03.456Z", xpath(d, "/AuditMessage/EventIdentification/@EventDateTime"));
        }
    }

    @Test
    void instancesTransferredNamesSourceDestinationStudyAndPatientIdOnly() throws Exception {
        Document received =
                parse(messages.instancesReceived(AT, new AuditMessages.Peer("MODALITY", "10.1.2.4"), "DEBLUR", study(3))
                        .xml());
        assertEquals("MODALITY", xpath(received, "//ActiveParticipant[RoleIDCode/@csd-code='110153']/@UserID"));
        // A.5.3.2: the source's network access point, the calling peer's IP address (type 2).
        assertEquals(
                "10.1.2.4",
                xpath(received, "//ActiveParticipant[RoleIDCode/@csd-code='110153']/@NetworkAccessPointID"));
        assertEquals(
                "2", xpath(received, "//ActiveParticipant[RoleIDCode/@csd-code='110153']/@NetworkAccessPointTypeCode"));
        assertEquals("true", xpath(received, "//ActiveParticipant[RoleIDCode/@csd-code='110153']/@UserIsRequestor"));
        assertEquals(
                "AETITLES=DEBLUR",
                xpath(received, "//ActiveParticipant[RoleIDCode/@csd-code='110152']/@AlternativeUserID"));
        String studyObject = "//ParticipantObjectIdentification[ParticipantObjectIDTypeCode/@csd-code='110180']";
        assertEquals(STUDY, xpath(received, studyObject + "/@ParticipantObjectID"));
        assertEquals(CT, xpath(received, studyObject + "/ParticipantObjectDescription/SOPClass/@UID"));
        assertEquals("3", xpath(received, studyObject + "/ParticipantObjectDescription/SOPClass/@NumberOfInstances"));
        assertEquals("3", xpath(received, "count(" + studyObject + "//Instance)"));
        String patient = "//ParticipantObjectIdentification[@ParticipantObjectTypeCode='1']";
        assertEquals("PID-778899", xpath(received, patient + "/@ParticipantObjectID"));
        assertEquals("1", xpath(received, patient + "/@ParticipantObjectTypeCodeRole"));
        assertEquals("", xpath(received, patient + "/ParticipantObjectName"), "no patient name: A.5 does not ask");

        Document forwarded = parse(
                messages.instancesForwarded(AT, "DEBLUR", new AuditMessages.Peer("PACS", "10.0.0.9"), study(1), null)
                        .xml());
        assertEquals("PACS", xpath(forwarded, "//ActiveParticipant[RoleIDCode/@csd-code='110152']/@UserID"));
        assertEquals(
                "2",
                xpath(forwarded, "//ActiveParticipant[RoleIDCode/@csd-code='110152']/@NetworkAccessPointTypeCode"));
        assertEquals("true", xpath(forwarded, "//ActiveParticipant[RoleIDCode/@csd-code='110153']/@UserIsRequestor"));
    }

    @Test
    void manyInstancesAreCountedNotListed() throws Exception {
        StudyGrouping grouping = new StudyGrouping();
        for (int i = 0; i <= StudyGrouping.LISTED_INSTANCES; i++) {
            grouping.add(STUDY, "PID", CT, STUDY + "." + i);
        }
        grouping.add("9.9", "PID2", CT, "9.9.1");
        List<AuditMessages.StudyInstances> studies = grouping.studies();
        assertEquals(2, studies.size(), "one message per study");
        Document d = parse(messages.instancesReceived(AT, new AuditMessages.Peer("M", null), "DEBLUR", studies.get(0))
                .xml());
        assertEquals(Integer.toString(StudyGrouping.LISTED_INSTANCES + 1), xpath(d, "//SOPClass/@NumberOfInstances"));
        assertEquals("0", xpath(d, "count(//Instance)"));
    }

    @Test
    void textFromPeersIsEscapedAndTheQueryIsKeptBase64() throws Exception {
        AuditMessage alert = messages.securityAlert(AT, "<x>&\"", "10.1.2.3", "line1\nline2 </AuditMessage>");
        AuditSchema.validate(alert.xml());
        Document d = parse(alert.xml());
        assertEquals("<x>&\"", xpath(d, "//ActiveParticipant[2]/@UserID"));
        assertEquals("line1\nline2 </AuditMessage>", xpath(d, "//EventOutcomeDescription"));

        Document q = parse(messages.query(AT, "alice", "127.0.0.1", "/console/studies", "by=patient-name&q=DOE")
                .xml());
        String query = xpath(q, "//ParticipantObjectQuery");
        assertEquals("by=patient-name&q=DOE", new String(Base64.getDecoder().decode(query), StandardCharsets.UTF_8));
        assertTrue(!q.getDocumentElement().getTextContent().contains("DOE"), "the query is not in clear text");
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    static String xpath(Document d, String expression) throws Exception {
        return (String) XPathFactory.newInstance().newXPath().evaluate(expression, d, XPathConstants.STRING);
    }
}
