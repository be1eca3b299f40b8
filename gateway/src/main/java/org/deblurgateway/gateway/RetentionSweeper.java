package org.deblurgateway.gateway;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.config.RetentionConfig;
import org.deblurgateway.routes.deblur.DeblurConfig;
import org.deblurgateway.routes.deblur.DeblurJobStore;
import org.deblurgateway.routes.deblur.JobManifest;
import org.deblurgateway.routes.messages.FrameResult;
import org.jboss.logging.Logger;

/**
 * Bounds what no stage finishes by itself ({@link RetentionConfig}): dead-lettered outbound sends older than
 * {@code dead-lettered-sends} are deleted with their outbound copies, and a deblur job not finished
 * {@code unfinished-jobs} after it was created gets a failure result on {@code deblur.results}, which the assembler
 * handles like a network failure (original forwarded when the rule did not already, folder removed later). The
 * folders of deblur jobs finished longer than {@code gateway.deblur.finished-job-retention} ago are removed here too,
 * so they go whether or not more deblur traffic comes. Runs in the gateway role, shortly after start and then every
 * {@code interval}.
 */
@ApplicationScoped
public class RetentionSweeper {

    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class);
    private static final Duration FIRST_SWEEP_AFTER = Duration.ofMinutes(1);
    /** The worker name on the failure results this sweeper sends. */
    static final String WORKER = "retention";

    /** What one sweep did. */
    public record Swept(int deadLetteredSendsDeleted, int unfinishedJobsEnded, int finishedJobFoldersRemoved) {}

    private final DeadLetters deadLetters;
    private final DeblurJobStore jobs;
    private final ConnectionFactory connectionFactory;
    private final RetentionConfig config;
    private final Duration finishedJobRetention;
    private final boolean hostsPipeline;
    private ScheduledExecutorService executor;

    public RetentionSweeper(
            DeadLetters deadLetters,
            DeblurJobStore jobs,
            ConnectionFactory connectionFactory,
            RetentionConfig config,
            DeblurConfig deblur,
            GatewayConfig gateway) {
        this.deadLetters = deadLetters;
        this.jobs = jobs;
        this.connectionFactory = connectionFactory;
        this.config = config;
        this.finishedJobRetention = deblur.finishedJobRetention();
        this.hostsPipeline = gateway.role().hostsPipeline();
    }

    void start(@Observes StartupEvent event) {
        if (!hostsPipeline) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "retention-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(
                this::sweepLogged,
                FIRST_SWEEP_AFTER.toMillis(),
                Math.max(Duration.ofMinutes(1).toMillis(), config.interval().toMillis()),
                TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** One sweep at {@code now}. */
    public Swept sweep(Instant now) throws JMSException, IOException {
        int sends = deadLetters.deleteSendsOlderThan(now.minus(config.deadLetteredSends()));
        if (sends > 0) {
            LOG.warnf(
                    "DGW-RET-001 deleted %d dead-lettered send(s) older than %s with their outbound copies",
                    sends, config.deadLetteredSends());
        }
        List<JobManifest> unfinished = jobs.unfinishedBefore(now.minus(config.unfinishedJobs()));
        if (!unfinished.isEmpty()) {
            endJobs(unfinished);
            LOG.warnf(
                    "DGW-RET-002 ended %d deblur job(s) not finished within %s (no derived instance; originals "
                            + "forwarded where the rule did not already)",
                    unfinished.size(), config.unfinishedJobs());
        }
        int finished = jobs.removeFinishedBefore(now.minus(finishedJobRetention));
        if (finished > 0) {
            LOG.infof(
                    "DGW-RET-004 removed %d finished deblur job folder(s) older than %s",
                    finished, finishedJobRetention);
        }
        return new Swept(sends, unfinished.size(), finished);
    }

    private void sweepLogged() {
        try {
            sweep(Instant.now());
        } catch (Exception e) {
            // The next sweep tries again; nothing is deleted or ended half (each step commits on its own).
            LOG.warnf("DGW-RET-003 retention sweep failed, next in %s: %s", config.interval(), e.toString());
        }
    }

    /** One failure result per job, on its last frame, in one transaction. */
    private void endJobs(List<JobManifest> unfinished) throws JMSException {
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(Queues.DEBLUR_RESULTS));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (JobManifest job : unfinished) {
                FrameResult failed = FrameResult.failed(
                        job.job(),
                        Math.max(0, job.layout().frameCount() - 1),
                        WORKER,
                        "job not finished within " + config.unfinishedJobs() + " (gateway.retention.unfinished-jobs)");
                BytesMessage message = session.createBytesMessage();
                message.writeBytes(failed.body());
                JmsProperties.write(failed.headers(), message);
                producer.send(message);
            }
            session.commit();
        }
    }
}
