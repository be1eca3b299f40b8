package org.deblurgateway.gateway.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.jms.JMSException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deblurgateway.gateway.DeadLetterQueues;
import org.deblurgateway.gateway.DeadLetters;
import org.deblurgateway.gateway.DeadLetters.DeadLetter;

/**
 * Dead letters of every queue: outbound sends per destination, and what each dead-letter queue holds; inspect,
 * re-drive (sends as first attempts), delete after a confirmation page.
 */
@Path("/console/dead-letters")
public class DeadLettersPage {

    private static final int SHOWN = 200;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance deadLetters(
                ConsoleUser user,
                Map<String, Integer> perDestination,
                List<QueueRow> queues,
                List<DeadLetter> letters,
                String notice);

        static native TemplateInstance deleteConfirm(ConsoleUser user, String destination, int count);

        static native TemplateInstance deleteQueueConfirm(
                ConsoleUser user, String queue, String description, int count);
    }

    /** A dead-letter queue as the page lists it. */
    public record QueueRow(String queue, String description, int count) {}

    private final DeadLetters deadLetters;
    private final SecurityIdentity identity;

    public DeadLettersPage(DeadLetters deadLetters, SecurityIdentity identity) {
        this.deadLetters = deadLetters;
        this.identity = identity;
    }

    @GET
    @Blocking
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("notice") String notice) throws JMSException {
        return page(notice == null ? "" : notice);
    }

    @POST
    @Path("redrive")
    @Blocking
    @RolesAllowed(ConsoleUser.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance redrive(@FormParam("destination") String destination) throws JMSException {
        int moved = deadLetters.redrive(Optional.ofNullable(destination).filter(d -> !d.isBlank()));
        return page("Re-drove " + moved + " send(s)"
                + (destination == null || destination.isBlank() ? "" : " of " + destination)
                + " to the outbound queue.");
    }

    @GET
    @Path("delete")
    @Blocking
    @RolesAllowed(ConsoleUser.ADMIN)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance confirmDelete(@QueryParam("destination") String destination) throws JMSException {
        return Templates.deleteConfirm(
                ConsoleUser.of(identity),
                destination,
                deadLetters.countByDestination().getOrDefault(destination, 0));
    }

    @POST
    @Path("delete")
    @Blocking
    @RolesAllowed(ConsoleUser.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance delete(@FormParam("destination") String destination) throws JMSException, IOException {
        int deleted = deadLetters.delete(destination);
        return page("Deleted " + deleted + " dead-lettered send(s) of " + destination + ".");
    }

    @POST
    @Path("redrive-queue")
    @Blocking
    @RolesAllowed(ConsoleUser.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance redriveQueue(@FormParam("queue") String queue) throws JMSException {
        if (DeadLetterQueues.origin(queue).isEmpty()) {
            throw new BadRequestException("not a dead-letter queue");
        }
        int moved = deadLetters.redriveQueue(queue);
        return page("Re-drove " + moved + " dead letter(s) of " + queue + " to "
                + DeadLetterQueues.origin(queue).orElse("") + ".");
    }

    @GET
    @Path("delete-queue")
    @Blocking
    @RolesAllowed(ConsoleUser.ADMIN)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance confirmDeleteQueue(@QueryParam("queue") String queue) throws JMSException {
        if (DeadLetterQueues.origin(queue).isEmpty()) {
            throw new BadRequestException("not a dead-letter queue");
        }
        return Templates.deleteQueueConfirm(
                ConsoleUser.of(identity),
                queue,
                DeadLetterQueues.describe(queue),
                deadLetters.countByQueue().getOrDefault(queue, 0));
    }

    @POST
    @Path("delete-queue")
    @Blocking
    @RolesAllowed(ConsoleUser.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance deleteQueue(@FormParam("queue") String queue) throws JMSException, IOException {
        if (DeadLetterQueues.origin(queue).isEmpty()) {
            throw new BadRequestException("not a dead-letter queue");
        }
        int deleted = deadLetters.deleteQueue(queue);
        return page("Deleted " + deleted + " dead letter(s) of " + queue + ".");
    }

    private TemplateInstance page(String notice) throws JMSException {
        List<QueueRow> queues = deadLetters.countByQueue().entrySet().stream()
                .map(e -> new QueueRow(e.getKey(), DeadLetterQueues.describe(e.getKey()), e.getValue()))
                .toList();
        return Templates.deadLetters(
                ConsoleUser.of(identity), deadLetters.countByDestination(), queues, deadLetters.first(SHOWN), notice);
    }
}
