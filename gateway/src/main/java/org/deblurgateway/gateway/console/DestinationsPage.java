package org.deblurgateway.gateway.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.deblurgateway.dicom.scu.Destination;
import org.deblurgateway.dicom.scu.EchoScu;
import org.deblurgateway.dicom.scu.EchoScu.EchoResult;
import org.deblurgateway.gateway.echo.DestinationEchoes;
import org.deblurgateway.gateway.echo.EchoState;
import org.deblurgateway.routes.config.DicomTlsSetup;
import org.deblurgateway.routes.config.RoutingConfig;
import org.deblurgateway.routes.rules.ActiveRules;

/**
 * Destinations of the rules file, each with a C-ECHO button: the peer's answer and the round-trip time. The echo goes
 * the way objects go (dicom.scu's association code), over TLS to a {@code tls: true} destination. Each row also shows
 * the last scheduled C-ECHO ({@link DestinationEchoes}): when, up or down, the round trip.
 */
@Path("/console/destinations")
public class DestinationsPage {

    private static final Duration ECHO_TIMEOUT = Duration.ofSeconds(10);

    /** The answer of one C-ECHO, shown next to its destination. */
    public record Echo(String destination, EchoResult result) {}

    /**
     * A destination with its last scheduled C-ECHO (null before the first) and the number of forward senders, which
     * bounds its associations when it sets no {@code max-associations} of its own.
     */
    public record Row(Destination destination, EchoState lastEcho, int senders) {

        private static final DateTimeFormatter AT =
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

        /** The most associations the gateway holds with this destination at once, and what sets it. */
        public String associations() {
            if (destination.isDicomWeb()) {
                return "— (STOW-RS)";
            }
            return destination.limitsAssociations()
                    ? destination.maxAssociations() + " (max-associations)"
                    : senders + " (one per sender)";
        }

        /** When the last scheduled C-ECHO was made, to the second (the page's other times are UTC too). */
        public String lastEchoAt() {
            return lastEcho == null ? "" : AT.format(lastEcho.at());
        }
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance destinations(ConsoleUser user, List<Row> destinations, Echo echo);
    }

    private final ActiveRules rules;
    private final EchoScu echoScu;
    private final SecurityIdentity identity;
    private final DestinationEchoes echoes;
    private final int senders;

    public DestinationsPage(
            ActiveRules rules,
            RoutingConfig config,
            DicomTlsSetup tls,
            SecurityIdentity identity,
            DestinationEchoes echoes) {
        this.rules = rules;
        this.echoes = echoes;
        this.echoScu = new EchoScu(config.forward().callingAeTitle().trim(), ECHO_TIMEOUT, tls.tls());
        this.identity = identity;
        this.senders = config.forward().concurrentConsumers();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list() {
        return Templates.destinations(ConsoleUser.of(identity), destinations(), null);
    }

    /** A C-ECHO changes nothing: viewers may send one too (the form still carries the CSRF token). */
    @POST
    @Path("echo")
    @Blocking
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance echo(@FormParam("destination") String name) {
        Optional<Destination> destination = rules.ruleSet().destination(name);
        Echo echo = destination
                .map(d -> new Echo(d.name(), echoScu.echo(d)))
                .orElseGet(() -> new Echo(String.valueOf(name), new EchoResult(false, 0, "not in the rules file")));
        return Templates.destinations(ConsoleUser.of(identity), destinations(), echo);
    }

    private List<Row> destinations() {
        return rules.ruleSet().destinations().values().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .map(d -> new Row(d, echoes.state(d.name()).orElse(null), senders))
                .toList();
    }
}
