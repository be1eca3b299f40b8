package org.deblurgateway.gateway.audit;

import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.SAXException;

/**
 * The DICOM audit message schema (PS3.15 A.5.1, edition 2017c) as W3C XML Schema, read from the test classpath: the
 * {@code dicom2017c.xsd} that Open eHealth IPF ships in {@code org.openehealth.ipf.commons:ipf-commons-audit} on
 * Maven Central (the standard publishes the schema as RELAX NG Compact; IPF's XSD is its translation, with IHE's
 * notes where it relaxes a constraint).
 */
final class AuditSchema {

    private static final Schema SCHEMA = load();

    private AuditSchema() {}

    /** Throws {@link SAXException} naming the first violation. */
    static void validate(String xml) throws SAXException, IOException {
        SCHEMA.newValidator().validate(new StreamSource(new StringReader(xml)));
    }

    private static Schema load() {
        URL xsd = AuditSchema.class.getClassLoader().getResource("dicom2017c.xsd");
        if (xsd == null) {
            throw new IllegalStateException("dicom2017c.xsd (ipf-commons-audit, test scope) is not on the classpath");
        }
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            return factory.newSchema(xsd);
        } catch (SAXException e) {
            throw new IllegalStateException("the audit schema does not load: " + e.getMessage(), e);
        }
    }
}
