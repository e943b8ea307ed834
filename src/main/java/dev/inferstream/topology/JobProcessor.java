package dev.inferstream.topology;

import dev.inferstream.api.AnnoLabClient;
import dev.inferstream.api.ApiOutcome;
import dev.inferstream.api.ExportRequest;
import dev.inferstream.api.ExportStartOutcome;
import dev.inferstream.api.ExportStatusOutcome;
import dev.inferstream.api.StatusOutcome;
import dev.inferstream.api.SubmitOutcome;
import dev.inferstream.api.SubmitRequest;
import dev.inferstream.events.FailureReason;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.state.DueIndex;
import dev.inferstream.state.DueKey;
import dev.inferstream.state.HeldRecords;
import dev.inferstream.state.JobLedger;
import dev.inferstream.state.JobPhase;
import dev.inferstream.state.JobState;
import dev.inferstream.state.JobStore;
import dev.inferstream.state.Lane;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's share of the requests: accepts them in {@link #process}, and on every wall-clock tick
 * applies the API answers that arrived, fires the calls of the jobs that are due and purges expired
 * tombstones. All state lives in the two stores; what is kept in memory here is only about calls this
 * task instance itself started, and is dropped on {@link #close}.
 */
final class JobProcessor implements Processor<byte[], byte[], String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);
    private static final int FIRST_SCAN_BATCH = 16;
    private static final int MAX_SCAN_BATCH = 256;
    /** Held records one tick may release once the schema registry answers again. */
    private static final int MAX_RELEASED_PER_TICK = 500;

    private final TopologySettings settings;
    private final AnnoLabClient client;
    private final ApiCapacity capacity;
    private final JobMetrics metrics;
    private final RequestValidator validator;
    private final PollPlanner planner;
    private final DurationLearner learner;
    private final TickObserver tickObserver;
    private final EventSerdes serdes;
    private final RegistryHealth registry;
    private final ResultSizes resultSizes;
    private final RetryBudget retryBudget;

    private ProcessorContext<String, SpecificRecord> context;
    private JobLedger ledger;
    private TerminalEmitter emitter;
    private ExportPhase exports;
    private Inbox inbox;
    private Intake intake;
    private Cancellable punctuator;
    /** Calls this task started whose answer it has not applied yet. */
    private final Set<String> awaitingAnswer = new HashSet<>();
    /**
     * Jobs this task marked SUBMITTING, in the order they were, with the permit reserved for their POST:
     * it leaves once the commit has happened and an in-flight slot is free.
     */
    private final Map<String, ApiCapacity.Permit> readyToPost = new LinkedHashMap<>();
    /** Due entries the last tick saw falling due before the next one: their status checks leave when due. */
    private final PriorityQueue<DueKey> checksSoon = new PriorityQueue<>(Comparator.comparingLong(DueKey::dueAt));

    JobProcessor(TopologySettings settings, EventSerdes serdes, JobServices services, PollPlanner planner) {
        this(settings, serdes, services.client(), services.capacity(), services.learner(), planner, services.metrics(),
                services.tickObserver(), services.registry());
    }

    private JobProcessor(TopologySettings settings, EventSerdes serdes, AnnoLabClient client, ApiCapacity capacity,
                         DurationLearner learner, PollPlanner planner, JobMetrics metrics, TickObserver tickObserver,
                         RegistryHealth registry) {
        this.settings = settings;
        this.serdes = serdes;
        this.registry = registry;
        this.resultSizes = new ResultSizes(settings.limits().maxEventBytes());
        this.client = client;
        this.capacity = capacity;
        this.learner = learner;
        this.planner = planner;
        this.metrics = metrics;
        this.tickObserver = tickObserver;
        this.validator = new RequestValidator(settings.limits());
        this.retryBudget = new RetryBudget(settings.retries(), planner);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.ledger = new JobLedger(new JobStore(context.getStateStore(JobStore.STORE_NAME)),
                new DueIndex(context.getStateStore(DueIndex.STORE_NAME)));
        this.emitter = new TerminalEmitter(context, ledger, metrics, settings.dedupeRetention().toMillis(), resultSizes);
        this.exports = new ExportPhase(settings, ledger, emitter, planner, learner, retryBudget, metrics);
        this.inbox = new Inbox();
        this.intake = new Intake(serdes, settings.topics(), new HeldRecords(context.getStateStore(HeldRecords.STORE_NAME)),
                registry, this::accept);
        AlignedTicks ticks = new AlignedTicks(settings.tickInterval(), context.currentSystemTimeMs());
        this.punctuator = context.schedule(AlignedTicks.probeInterval(settings.tickInterval()),
                PunctuationType.WALL_CLOCK_TIME, now -> {
                    if (ticks.due(now)) {
                        tick(now);
                    } else {
                        betweenTicks(now);
                    }
                });
    }

    // ---- accept -------------------------------------------------------------------------------

    /** Raw bytes in: {@link Intake} decodes them, or holds them while the schema registry does not answer. */
    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata where = context.recordMetadata().orElseThrow(
                () -> new IllegalStateException("a record without metadata reached the processor"));
        intake.offer(new DeadLetter.Input(where.topic(), where.partition(), where.offset(), record.timestamp(),
                Optional.ofNullable(record.key()), Optional.ofNullable(record.value())), context.currentSystemTimeMs());
    }

    /**
     * A decoded record (or one without a value): deduplicated, validated and stored as a job. A record
     * whose id is too long to copy, or whose result could not be written, is dead-lettered instead.
     */
    private void accept(DeadLetter.Input input, Optional<InferenceRequested> decoded, long now) {
        String key = input.key().map(bytes -> new String(bytes, StandardCharsets.UTF_8)).orElse(null);
        requireCopyableIds(input, key, decoded);
        if (key != null && ledger.find(key).isPresent()) {
            metrics.deduplicated();
            log.debug("requestId={} deduplicated: a job exists or ended within the retention", key);
            return;
        }
        InferenceRequested request = decoded.orElse(null);
        Validation validation = validator.validate(key, request);
        if (validation instanceof Validation.Invalid invalid) {
            metrics.invalid();
            log.info("requestId={} rejected as invalid: {}", key, invalid.message());
            emitter.invalid(key, request, invalid, now, input);
            return;
        }
        long largestResult = resultSizes.largestResultOf(request, exports.wanted(request));
        if (largestResult > resultSizes.limit()) {
            throw DeadLetter.of(input, "the request's result event could take " + largestResult + " bytes, more than "
                    + "the " + resultSizes.limit() + " the producer may write (max.request.size); make the request "
                    + "smaller (source ids, attributes, identifiers) or raise KAFKA_MAX_REQUEST_SIZE and the topics' "
                    + "max.message.bytes");
        }
        ledger.add(JobState.newBuilder()
                .setRequestId(request.getRequestId())
                .setPhase(JobPhase.ACCEPTED)
                .setRequest(request)
                .setAcceptedAt(now)
                .setDeadlineAt(now + timeoutOf(request).toMillis())
                .setDueAt(now)
                .build());
        if (request.getPriority() == Priority.LIVE) {
            capacity.liveDemand(now);
        }
        metrics.accepted();
    }

    /** Ids are copied into state and every event (up to three times): their length is bounded before anything. */
    private static void requireCopyableIds(DeadLetter.Input input, String key, Optional<InferenceRequested> request) {
        int max = RequestValidator.MAX_ID_CHARS;
        if (key != null && key.length() > max) {
            throw DeadLetter.of(input, "the record key has " + key.length() + " characters; a requestId may have at "
                    + "most " + max);
        }
        Optional<String> requestId = request.map(InferenceRequested::getRequestId).filter(id -> id.length() > max);
        if (requestId.isPresent()) {
            throw DeadLetter.of(input, "requestId has " + requestId.get().length() + " characters; at most " + max
                    + " are allowed");
        }
    }

    private Duration timeoutOf(InferenceRequested request) {
        Integer seconds = request.getTimeoutSeconds();
        return seconds != null ? Duration.ofSeconds(seconds) : settings.defaultTimeout();
    }

    // ---- tick ---------------------------------------------------------------------------------

    /**
     * Nothing in a tick may write a result before the result schemas' ids are known (the schema registry
     * may not have answered yet); answers wait in the inbox meanwhile. Held records are released last,
     * because a dead letter among them ends the tick.
     */
    void tick(long now) {
        if (!intake.resultSchemasKnown(now)) {
            return;
        }
        long startedNanos = System.nanoTime();
        long readBefore = ledger.entriesRead();
        int applied = applyAnswers();
        checksSoon.clear();
        TickAllowance allowance = new TickAllowance(settings.tickBudget());
        postPrepared(now, allowance);
        serveLane(Lane.LIVE, now, allowance);
        serveLane(Lane.BACKFILL, now, allowance);
        int purged = purgeExpired(now);
        lookAhead(now);
        TickReport report = new TickReport(now, ledger.entriesRead() - readBefore, applied, allowance.calls(), purged,
                System.nanoTime() - startedNanos);
        metrics.ticked(report);
        tickObserver.ticked(report);
        intake.release(now, MAX_RELEASED_PER_TICK);
    }

    /**
     * Every look at the clock between ticks applies the answers that arrived, sends the POSTs the last tick
     * prepared (Kafka Streams commits right after the punctuation that asked for it, so by now their
     * SUBMITTING is committed) and the status checks that fell due since. None of them waits for a whole
     * tick, which would add up to a tick to every job's detection and make the learner aim at a moving
     * target; none writes anything that needs a commit before it may leave.
     */
    private void betweenTicks(long now) {
        applyAnswers();
        TickAllowance allowance = new TickAllowance(settings.tickBudget());
        if (!readyToPost.isEmpty()) {
            postPrepared(now, allowance);
        }
        checkWhatFellDue(now, allowance);
    }

    /** Remembers the entries of both lanes that fall due before the next tick. */
    private void lookAhead(long now) {
        long nextTick = now + settings.tickInterval().toMillis();
        for (Lane lane : List.of(Lane.LIVE, Lane.BACKFILL)) {
            checksSoon.addAll(ledger.dueBetween(lane, now, nextTick, settings.tickBudget().maxScan()));
        }
    }

    /**
     * Status checks of running jobs and exports that fell due since the last tick. Anything else due (a submission, a
     * retry, a deadline) and any check the budget has no room for waits for the next tick, which finds it
     * in the due index where it is.
     */
    private void checkWhatFellDue(long now, TickAllowance allowance) {
        while (!checksSoon.isEmpty() && checksSoon.peek().dueAt() <= now && allowance.mayCall()) {
            DueKey key = checksSoon.poll();
            Optional<JobState> job = ledger.find(key.requestId()).filter(found -> isPolled(found.getPhase())
                    && found.getDueAt() == key.dueAt() && now < found.getDeadlineAt()
                    && !awaitingAnswer.contains(found.getRequestId()));
            if (job.isEmpty()) {
                continue;
            }
            Served served = job.get().getPhase() == JobPhase.EXPORTING
                    ? checkExport(job.get(), key.lane(), now) : checkStatus(job.get(), key.lane(), now);
            if (served == Served.LANE_BLOCKED) {
                checksSoon.removeIf(soon -> soon.lane() == key.lane());
            } else {
                allowance.called();
            }
        }
    }

    private void serveLane(Lane lane, long now, TickAllowance allowance) {
        int batch = FIRST_SCAN_BATCH;
        Optional<DueKey> cursor = Optional.empty();
        while (allowance.mayScan()) {
            List<DueKey> due = ledger.due(lane, now, Math.min(batch, allowance.scanLeft()), cursor);
            for (DueKey key : due) {
                allowance.scanned();
                if (serve(key, now, allowance) == Served.LANE_BLOCKED) {
                    return;
                }
            }
            if (due.size() < batch) {
                return;
            }
            cursor = Optional.of(due.get(due.size() - 1));
            batch = Math.min(MAX_SCAN_BATCH, batch * 2);
        }
    }

    private enum Served { DONE, LANE_BLOCKED }

    private Served serve(DueKey key, long now, TickAllowance allowance) {
        Optional<JobState> found = ledger.find(key.requestId());
        if (found.isEmpty() || found.get().getDueAt() != key.dueAt() || JobLedger.laneOf(found.get()) != key.lane()) {
            ledger.dropStale(key);
            return Served.DONE;
        }
        JobState job = found.get();
        if (isPastDeadline(job, now)) {
            timeOut(job, now);
            return Served.DONE;
        }
        if (awaitingAnswer.contains(job.getRequestId()) || readyToPost.containsKey(job.getRequestId())) {
            // The deadline holds while a call is outstanding (or a POST waits for a slot): its answer, if it
            // comes after, is ignored.
            ledger.reschedule(job, watchdogAt(job, now));
            return Served.DONE;
        }
        if (!allowance.mayCall()) {
            return Served.LANE_BLOCKED;
        }
        Served served = switch (job.getPhase()) {
            case ACCEPTED -> prepareSubmit(job, key.lane(), now);
            case SUBMITTING -> recoverSubmitting(job, key.lane(), now);
            case RUNNING -> checkStatus(job, key.lane(), now);
            case EXPORT_PENDING -> preparePost(job, key.lane(), now, exports::markStarting);
            case EXPORT_STARTING -> postAgain(job, key.lane(), now, exports::restarted);
            case EXPORTING -> checkExport(job, key.lane(), now);
            case ENDED -> Served.DONE;
        };
        if (served == Served.DONE) {
            allowance.called();
        }
        // While a 401 pauses every call, keep scanning so expired requests still time out.
        return served == Served.LANE_BLOCKED && capacity.isPaused() ? Served.DONE : served;
    }

    /**
     * Once the deadline passes, an unsubmitted job times out at once; a running job gets one last
     * status check (its answer decides), unless even that could not happen within a call timeout.
     */
    private boolean isPastDeadline(JobState job, long now) {
        return now >= lastMomentOf(job);
    }

    /** The deadline, or for a running job or export the deadline plus the time its last status check may take. */
    private long lastMomentOf(JobState job) {
        return isPolled(job.getPhase()) ? job.getDeadlineAt() + answerWatchdogMillis() : job.getDeadlineAt();
    }

    /** When to look again at a job whose call is outstanding: after the call timeout, or at its last moment. */
    private long watchdogAt(JobState job, long now) {
        return Math.min(now + answerWatchdogMillis(), lastMomentOf(job));
    }

    /**
     * Marks the job SUBMITTING and asks for a commit before any POST goes out, so that after a crash
     * the new owner knows a POST may have been sent. The POST itself leaves once that commit is done (see
     * {@link #postPrepared}); its permit counts against the rate now but takes an in-flight slot only then.
     */
    private Served prepareSubmit(JobState job, Lane lane, long now) {
        return preparePost(job, lane, now, JobProcessor::markSubmitting);
    }

    private static void markSubmitting(JobState job) {
        job.setPhase(JobPhase.SUBMITTING);
        job.setSubmitAttempts(job.getSubmitAttempts() + 1);
    }

    /** {@code markPosting} moves the job to the phase that says a POST may be in flight: SUBMITTING, EXPORT_STARTING. */
    private Served preparePost(JobState job, Lane lane, long now, Consumer<JobState> markPosting) {
        Optional<ApiCapacity.Permit> permit = capacity.tryReserve(lane, now);
        if (permit.isEmpty()) {
            return Served.LANE_BLOCKED;
        }
        markPosting.accept(job);
        ledger.reschedule(job, watchdogAt(job, now));
        readyToPost.put(job.getRequestId(), permit.get());
        context.commit();
        return Served.DONE;
    }

    /**
     * Sends the POSTs prepared on earlier ticks, at the first look at the clock after the tick that
     * prepared them; the commit requested then has happened in between, with the attempt counted and the
     * watchdog set, so sending writes nothing. Their rate is reserved already, so they take the free
     * in-flight slots first; any left without one wait for a later look.
     */
    private void postPrepared(long now, TickAllowance allowance) {
        Iterator<Map.Entry<String, ApiCapacity.Permit>> prepared = readyToPost.entrySet().iterator();
        while (prepared.hasNext()) {
            Map.Entry<String, ApiCapacity.Permit> entry = prepared.next();
            Optional<JobState> job = ledger.find(entry.getKey())
                    .filter(found -> isPosting(found.getPhase()));
            if (job.isEmpty()) {
                entry.getValue().cancel();
                prepared.remove();
            } else if (entry.getValue().tryStart(now)) {
                prepared.remove();
                allowance.called();
                send(job.get(), entry.getValue(), now);
            }
        }
    }

    /**
     * A SUBMITTING job found by the scan was not prepared by this task instance: an earlier owner (or an
     * earlier life of this task) may have sent its POST before a crash or rebalance.
     */
    private Served recoverSubmitting(JobState job, Lane lane, long now) {
        metrics.suspectedDoubleSubmission();
        if (settings.recoveryPolicy() == TopologySettings.RecoveryPolicy.FAIL) {
            log.warn("requestId={} was being submitted before a restart; failing it by policy", job.getRequestId());
            emitter.failed(job, TerminalEmitter.Failure.of(FailureReason.UNKNOWN,
                    "a POST for this request may have been sent before a restart; not resubmitted by policy",
                    true), now);
            return Served.DONE;
        }
        return postAgain(job, lane, now, found -> {
            log.info("requestId={} was being submitted before a restart; submitting again", found.getRequestId());
            found.setSubmitAttempts(found.getSubmitAttempts() + 1);
        });
    }

    /** Sends the POST of a job whose phase says one may have left before; {@code countAttempt} records it. */
    private Served postAgain(JobState job, Lane lane, long now, Consumer<JobState> countAttempt) {
        Optional<ApiCapacity.Permit> permit = capacity.tryAcquire(lane, now);
        if (permit.isEmpty()) {
            return Served.LANE_BLOCKED;
        }
        countAttempt.accept(job);
        ledger.reschedule(job, watchdogAt(job, now));
        send(job, permit.get(), now);
        return Served.DONE;
    }

    /** Phases whose job is waiting for AnnoLab and is looked at by status checks: an inference or an export. */
    private static boolean isPolled(JobPhase phase) {
        return phase == JobPhase.RUNNING || phase == JobPhase.EXPORTING;
    }

    private static boolean isPosting(JobPhase phase) {
        return phase == JobPhase.SUBMITTING || phase == JobPhase.EXPORT_STARTING;
    }

    /** The POST the job's phase calls for: its submission, or once it finished, its export. */
    private void send(JobState job, ApiCapacity.Permit permit, long now) {
        awaitingAnswer.add(job.getRequestId());
        if (job.getPhase() == JobPhase.EXPORT_STARTING) {
            ExportRequest request = exports.requestOf(job);
            call(job.getRequestId(), Inbox.Call.EXPORT_START, now, permit, () -> client.startExport(request));
            return;
        }
        SubmitRequest request = SubmitRequests.from(job.getRequest());
        call(job.getRequestId(), Inbox.Call.SUBMIT, now, permit, () -> client.submit(request));
    }

    private Served checkStatus(JobState job, Lane lane, long now) {
        long jobId = job.getInferenceJobId();
        return poll(job, lane, now, Inbox.Call.STATUS, () -> client.status(jobId));
    }

    private Served checkExport(JobState job, Lane lane, long now) {
        String statusUrl = exports.statusUrlOf(job);
        return poll(job, lane, now, Inbox.Call.EXPORT_STATUS, () -> client.exportStatus(statusUrl));
    }

    private Served poll(JobState job, Lane lane, long now, Inbox.Call kind,
                        Supplier<? extends CompletionStage<? extends ApiOutcome>> check) {
        Optional<ApiCapacity.Permit> permit = capacity.tryAcquire(lane, now);
        if (permit.isEmpty()) {
            return Served.LANE_BLOCKED;
        }
        // Nothing is written: the answer reschedules the job, normally before the next tick; until then the
        // job stays due, a later tick that finds the call unanswered sets the watchdog, and a new owner
        // after a crash simply checks again.
        awaitingAnswer.add(job.getRequestId());
        call(job.getRequestId(), kind, now, permit.get(), check);
        return Served.DONE;
    }

    /** Fires one call; its answer, whatever thread it arrives on, only frees the permit and joins the inbox. */
    private void call(String requestId, Inbox.Call kind, long sentAt, ApiCapacity.Permit permit,
                      Supplier<? extends CompletionStage<? extends ApiOutcome>> send) {
        Inbox target = inbox;
        permit.sent(sentAt);
        CompletionStage<? extends ApiOutcome> answer;
        try {
            answer = send.get();
        } catch (RuntimeException e) {
            answer = CompletableFuture.completedFuture(
                    new ApiOutcome.Transient("client failed before sending: " + e.getClass().getSimpleName(),
                            ApiOutcome.NO_RESPONSE, Duration.ZERO));
        }
        answer.whenComplete((outcome, failure) -> {
            ApiOutcome settled = outcome != null ? outcome : new ApiOutcome.Transient(
                    "client failed: " + (failure == null ? "no outcome" : failure.getClass().getSimpleName()),
                    ApiOutcome.NO_RESPONSE, Duration.ZERO);
            permit.finish(settled);
            target.offer(new Inbox.Delivery(requestId, kind, sentAt, settled));
        });
    }

    // ---- apply answers ------------------------------------------------------------------------

    private int applyAnswers() {
        List<Inbox.Delivery> deliveries = inbox.drain();
        for (Inbox.Delivery delivery : deliveries) {
            awaitingAnswer.remove(delivery.requestId());
            Optional<JobState> found = ledger.find(delivery.requestId());
            metrics.apiCall(delivery.call(), delivery.outcome(),
                    found.map(JobState::getRequest).map(InferenceRequested::getModelIdentifier));
            long now = context.currentSystemTimeMs();
            found.ifPresent(job -> {
                if (delivery.call() == Inbox.Call.SUBMIT && job.getPhase() == JobPhase.SUBMITTING) {
                    onSubmitAnswer(job, delivery, (SubmitOutcome) delivery.outcome(), now);
                } else if (delivery.call() == Inbox.Call.STATUS && job.getPhase() == JobPhase.RUNNING) {
                    onStatusAnswer(job, delivery, (StatusOutcome) delivery.outcome(), now);
                } else if (delivery.call() == Inbox.Call.EXPORT_START && job.getPhase() == JobPhase.EXPORT_STARTING) {
                    exports.onStartAnswer(job, delivery, (ExportStartOutcome) delivery.outcome(), now);
                } else if (delivery.call() == Inbox.Call.EXPORT_STATUS && job.getPhase() == JobPhase.EXPORTING) {
                    exports.onStatusAnswer(job, delivery, (ExportStatusOutcome) delivery.outcome(), now);
                }
            });
        }
        return deliveries.size();
    }

    /** Applies the answer to a POST; every outcome must be answered here, or this does not compile. */
    private void onSubmitAnswer(JobState job, Inbox.Delivery delivery, SubmitOutcome outcome, long now) {
        outcome.match(new SubmitOutcome.Cases<Void>() {
            @Override
            public Void accepted(ApiOutcome.Accepted accepted) {
                startRunning(job, accepted, delivery.answeredAt());
                return null;
            }

            @Override
            public Void rejected(ApiOutcome.Rejected rejected) {
                fail(job, FailureReason.REJECTED, "AnnoLab rejected the job: " + rejected.message(), rejected, false,
                        now);
                return null;
            }

            @Override
            public Void unauthorized(ApiOutcome.Unauthorized unauthorized) {
                job.setPhase(JobPhase.ACCEPTED);
                waitForKey(job, now);
                return null;
            }

            @Override
            public Void forbidden(ApiOutcome.Forbidden forbidden) {
                fail(job, FailureReason.UNAUTHORIZED, "AnnoLab refused the project (403; the key needs the Model Run "
                        + "permission): " + forbidden.message(), forbidden, false, now);
                return null;
            }

            @Override
            public Void notFound(ApiOutcome.NotFound notFound) {
                fail(job, FailureReason.REJECTED,
                        "AnnoLab answered 404 to the submission: project, model or layer unknown to this key",
                        notFound, false, now);
                return null;
            }

            @Override
            public Void rateLimited(ApiOutcome.RateLimited rateLimited) {
                job.setPhase(JobPhase.ACCEPTED);
                retryLater(job, rateLimited, now);
                return null;
            }

            @Override
            public Void unusableAnswer(ApiOutcome.UnusableAnswer answer) {
                onUnusableSubmitAnswer(job, answer, now);
                return null;
            }

            @Override
            public Void failedTransiently(ApiOutcome.Transient failure) {
                if (failure.httpStatus() == ApiOutcome.NO_RESPONSE) {
                    // No answer means the POST may still have created a job; the retry may duplicate it.
                    metrics.suspectedDoubleSubmission();
                }
                job.setPhase(JobPhase.ACCEPTED);
                retryLater(job, failure, now);
                return null;
            }
        });
    }

    /**
     * AnnoLab said yes to the POST without naming a usable job: it may have created one that can never
     * be tracked. Submitting again risks another, so after a few such answers the request fails as
     * UNKNOWN instead of being re-POSTed blindly.
     */
    private void onUnusableSubmitAnswer(JobState job, ApiOutcome.UnusableAnswer answer, long now) {
        metrics.suspectedDoubleSubmission();
        int unusable = job.getUnusableAnswers() + 1;
        job.setUnusableAnswers(unusable);
        if (unusable >= settings.retries().maxUnusableAnswers()) {
            fail(job, FailureReason.UNKNOWN, "AnnoLab answered " + unusable + " submission(s) with HTTP 2xx but no "
                    + "usable job (last: " + answer.cause() + "); AnnoLab may have created a job for this request "
                    + "that Inferstream cannot track: check before sending it again", answer, true, now);
            return;
        }
        log.info("requestId={} POST answered HTTP {} without a usable job ({}); AnnoLab may have created one, "
                + "submitting again", job.getRequestId(), answer.httpStatus(), answer.cause());
        job.setPhase(JobPhase.ACCEPTED);
        retryLater(job, answer, RetryBudget.causeOf(answer), Optional.empty(), now);
    }

    private void startRunning(JobState job, ApiOutcome.Accepted accepted, long answeredAt) {
        job.setPhase(JobPhase.RUNNING);
        job.setInferenceJobId(accepted.job().jobId());
        job.setProjectId(Nullables.boxed(accepted.job().projectId()));
        job.setProjectName(accepted.job().projectName().orElse(null));
        job.setOutputLayerId(Nullables.boxed(accepted.job().outputLayerId()));
        job.setOutputLayerName(accepted.job().outputLayerName().orElse(null));
        job.setSubmittedAt(answeredAt);
        job.setLastStatus(accepted.job().status());
        job.setConsecutiveTransients(0);
        log.debug("requestId={} submitted as job {}", job.getRequestId(), accepted.job().jobId());
        ledger.reschedule(job, planner.firstCheckAt(job, modelOf(job), answeredAt));
    }

    /** Applies the answer to a status check; every outcome must be answered here, or this does not compile. */
    private void onStatusAnswer(JobState job, Inbox.Delivery delivery, StatusOutcome outcome, long now) {
        job.setStatusChecks(job.getStatusChecks() + 1);
        outcome.match(new StatusOutcome.Cases<Void>() {
            @Override
            public Void jobStatus(ApiOutcome.JobStatus status) {
                onJobStatus(job, status, delivery.sentAt(), now);
                return null;
            }

            @Override
            public Void rejected(ApiOutcome.Rejected rejected) {
                fail(job, FailureReason.REJECTED, "AnnoLab rejected the status request: " + rejected.message(),
                        rejected, false, now);
                return null;
            }

            @Override
            public Void unauthorized(ApiOutcome.Unauthorized unauthorized) {
                waitForKey(job, now);
                return null;
            }

            @Override
            public Void forbidden(ApiOutcome.Forbidden forbidden) {
                fail(job, FailureReason.UNAUTHORIZED, "AnnoLab refused the status of job " + job.getInferenceJobId()
                        + " (403): " + forbidden.message(), forbidden, false, now);
                return null;
            }

            @Override
            public Void notFound(ApiOutcome.NotFound notFound) {
                fail(job, FailureReason.NOT_FOUND, "status of job " + job.getInferenceJobId()
                        + " answered 404: no such job, or the key may not see it", notFound, false, now);
                return null;
            }

            @Override
            public Void rateLimited(ApiOutcome.RateLimited rateLimited) {
                retryLater(job, rateLimited, now);
                return null;
            }

            @Override
            public Void unusableAnswer(ApiOutcome.UnusableAnswer answer) {
                // A status GET creates nothing: asking again is safe.
                retryLater(job, answer, RetryBudget.causeOf(answer), Optional.empty(), now);
                return null;
            }

            @Override
            public Void failedTransiently(ApiOutcome.Transient failure) {
                retryLater(job, failure, now);
                return null;
            }
        });
    }

    private void onJobStatus(JobState job, ApiOutcome.JobStatus status, long sentAt, long now) {
        learnFrom(job, status, sentAt);
        job.setLastStatus(status.status());
        if (status.isFinished()) {
            log.debug("requestId={} job {} finished", job.getRequestId(), status.jobId());
            exports.finished(job, status, now);
        } else if (status.isErrored()) {
            fail(job, FailureReason.JOB_ERRORED, "job " + status.jobId() + " ended with status " + status.status(),
                    status, true, now);
        } else if (now >= job.getDeadlineAt()) {
            timeOut(job, now);
        } else {
            job.setLastRunningAt(sentAt);
            job.setConsecutiveTransients(0);
            ledger.reschedule(job, planner.nextCheckAt(job, job.getSubmittedAt(), job.getStatusChecks(), now));
        }
    }

    private void learnFrom(JobState job, ApiOutcome.JobStatus status, long checkedAt) {
        learner.checked(modelOf(job), job.getStatusChecks(), job.getSubmittedAt(), job.getLastRunningAt(), checkedAt,
                status.isTerminal());
    }

    /** 401: the request waits without penalty until the key works or its deadline passes. */
    private void waitForKey(JobState job, long now) {
        RetryBudget.Next next = retryBudget.afterUnauthorized(job, now);
        if (next instanceof RetryBudget.RetryAt retry) {
            ledger.reschedule(job, retry.dueAt());
        } else {
            timeOut(job, now);
        }
    }

    /** 429 and transient failures: try again later, within the deadline and the retry budget. */
    private void retryLater(JobState job, ApiOutcome outcome, String cause, Optional<Duration> retryAfter, long now) {
        RetryBudget.Next next = retryBudget.afterFailure(job, cause, retryAfter, now);
        if (next instanceof RetryBudget.RetryAt retry) {
            ledger.reschedule(job, retry.dueAt());
        } else if (next instanceof RetryBudget.OutOfRetries exhausted) {
            fail(job, FailureReason.RETRIES_EXHAUSTED, exhausted.failures() + " transient failures in a row; last: "
                    + cause, outcome, true, now);
        } else {
            timeOut(job, now);
        }
    }

    private void retryLater(JobState job, ApiOutcome.RateLimited rateLimited, long now) {
        retryLater(job, rateLimited, RetryBudget.causeOf(rateLimited), rateLimited.retryAfter(), now);
    }

    private void retryLater(JobState job, ApiOutcome.Transient failure, long now) {
        retryLater(job, failure, RetryBudget.causeOf(failure), Optional.empty(), now);
    }

    private void timeOut(JobState job, long now) {
        if (ExportPhase.isExporting(job.getPhase())) {
            exports.timedOut(job, awaitingAnswer.contains(job.getRequestId()), now);
            return;
        }
        long waited = Duration.ofMillis(job.getDeadlineAt() - job.getAcceptedAt()).toSeconds();
        String where;
        if (job.getInferenceJobId() != null) {
            where = "job " + job.getInferenceJobId() + " was still " + job.getLastStatus();
        } else if (job.getPhase() == JobPhase.SUBMITTING && awaitingAnswer.contains(job.getRequestId())) {
            where = "its POST was still unanswered, so AnnoLab may have created a job";
        } else {
            where = "the job was never created";
        }
        emit(job, TerminalEmitter.Failure.of(FailureReason.TIMED_OUT,
                "no terminal status within " + waited + " s; " + where, true), now);
    }

    private void fail(JobState job, FailureReason reason, String message, ApiOutcome answer, boolean retryable,
                      long now) {
        emit(job, TerminalEmitter.Failure.fromAnswer(reason, message, answer, retryable), now);
    }

    private void emit(JobState job, TerminalEmitter.Failure failure, long now) {
        log.info("requestId={} failed: {} {}", job.getRequestId(), failure.reason(), failure.message());
        emitter.failed(job, failure, now);
    }

    // ---- purge and close ----------------------------------------------------------------------

    private int purgeExpired(long now) {
        List<DueKey> expired = ledger.due(Lane.PURGE, now, settings.tickBudget().maxPurges(), Optional.empty());
        expired.forEach(ledger::purge);
        return expired.size();
    }

    @Override
    public void close() {
        if (punctuator != null) {
            punctuator.cancel();
        }
        inbox.close();
        if (intake != null) {
            intake.close();
        }
        awaitingAnswer.clear();
        readyToPost.values().forEach(ApiCapacity.Permit::cancel);
        readyToPost.clear();
        checksSoon.clear();
    }

    private long answerWatchdogMillis() {
        return settings.limits().callTimeout().toMillis() + settings.tickInterval().toMillis();
    }

    private static String modelOf(JobState job) {
        return job.getRequest().getModelIdentifier();
    }
}
