package org.deblurgateway.routes.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deblurgateway.dicom.scu.Destination;
import org.deblurgateway.dicom.scu.DicomWebEndpoint;
import org.deblurgateway.routes.actions.DropActionRoute;
import org.deblurgateway.routes.actions.PassActionRoute;
import org.junit.jupiter.api.Test;

/** The rules file's {@code type: dicomweb} destinations: URL, login from the environment, clear problems. */
class DicomWebDestinationsTest {

    private final DicomWebDestinations parser =
            new DicomWebDestinations(Map.of("PACS_TOKEN", "t0ken", "PACS_PASSWORD", "s3cret")::get);

    @Test
    void parse_serviceRoot_postsToItsStudies() {
        RuleSet set = new RulesParser(List.of(new PassActionRoute(null, null), new DropActionRoute(null, null)))
                .parse("""
                        destinations:
                          web: {type: dicomweb, url: "http://127.0.0.1:8042/dicom-web/"}
                          pacs: {ae-title: PACS, host: 127.0.0.1, port: 104}
                        rules:
                          - {name: default, action: pass, destinations: [web, pacs]}
                        """, "test");

        Destination web = set.destination("web").orElseThrow();
        assertTrue(web.isDicomWeb());
        assertEquals(
                "http://127.0.0.1:8042/dicom-web/studies",
                web.dicomWeb().get().studiesUrl().toString());
        assertEquals(Optional.empty(), web.dicomWeb().get().authorization());
        assertFalse(set.destination("pacs").orElseThrow().isDicomWeb());
    }

    @Test
    void parse_bearerAndBasic_takeTheirSecretsFromTheEnvironment() {
        List<String> problems = new ArrayList<>();
        Destination bearer = parser.parse(
                "a", Map.of("url", "https://pacs/dw", "auth", Map.of("bearer-token-env", "PACS_TOKEN")), "a", problems);
        Destination basic = parser.parse(
                "b",
                Map.of(
                        "url",
                        "http://pacs:80/dw/studies",
                        "auth",
                        Map.of("user", "gw", "password-env", "PACS_PASSWORD")),
                "b",
                problems);

        assertEquals(List.of(), problems);
        assertEquals(Optional.of("Bearer t0ken"), bearer.dicomWeb().get().authorization());
        assertEquals(
                Optional.of(DicomWebEndpoint.basic("gw", "s3cret")),
                basic.dicomWeb().get().authorization());
        assertEquals(
                "http://pacs:80/dw/studies", basic.dicomWeb().get().studiesUrl().toString());
        assertFalse(bearer.toString().contains("t0ken"), bearer.toString());
        assertEquals(443, bearer.port());
    }

    @Test
    void parse_badFields_areNamed() {
        List<String> problems = new ArrayList<>();
        assertNull(parser.parse(
                "w", Map.of("url", "ftp://x/y", "auth", Map.of("user", "gw")), "destination 'w'", problems));
        assertNull(parser.parse(
                "v",
                Map.of("url", "http://x/y", "auth", Map.of("bearer-token-env", "UNSET")),
                "destination 'v'",
                problems));
        assertNull(parser.parse("u", Map.of("type", "dicomweb", "password", "p"), "destination 'u'", problems));

        assertEquals(
                List.of(
                        "destination 'w': url: 'ftp://x/y' is not an http(s) URL with a host and no query, fragment or "
                                + "user (put credentials under auth)",
                        "destination 'w': auth: password-env: missing (the environment variable holding the password)",
                        "destination 'v': auth: bearer-token-env: environment variable 'UNSET' is not set",
                        "destination 'u': unknown key 'password' for type dicomweb (expected: type, url, auth)",
                        "destination 'u': url: missing (the DICOMweb service root, e.g. http://pacs:8042/dicom-web)"),
                problems);
    }

    @Test
    void parse_unknownType_isAProblem() {
        RulesFileException e = assertThrows(
                RulesFileException.class,
                () -> new RulesParser(List.of(new PassActionRoute(null, null))).parse("""
                                destinations:
                                  web: {type: fhir, ae-title: X, host: h, port: 1}
                                rules:
                                  - {name: default, action: pass, destinations: [web]}
                                """, "test"));
        assertEquals(List.of("destination 'web': type: 'fhir' is not dicom or dicomweb"), e.problems());
    }
}
