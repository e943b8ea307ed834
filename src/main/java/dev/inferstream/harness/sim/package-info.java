/**
 * A simulator of AnnoLab's Model Inferences API for tests, the demo and the benchmark.
 *
 * <p>{@link dev.inferstream.harness.sim.AnnoLabSimulator#start(dev.inferstream.harness.sim.SimConfig)} serves, on real HTTP:
 * <ul>
 *   <li>{@code POST /v1/infer/batch}: {@code 201} with {@code inferenceJobId, status, projectName, projectId,
 *       outputLayerName, outputLayerId, sourceIds} (optionally with AnnoLab's trailing comma); {@code 400
 *       {"message"}} for a malformed body or an unknown project, model or layer; {@code 403} for a project
 *       configured without permission.</li>
 *   <li>{@code GET /v1/infer/batch/{jobId}}: {@code 200} with {@code inferenceJobId, status, projectId,
 *       sourceIds}; {@code 404} for an unknown job or one another key created.</li>
 *   <li>Both answer {@code 401} without a configured {@code Authorization: Api-Key <key>}. Before that check,
 *       each request may be delayed (base latency) and may meet one injected fault (429 with
 *       {@code Retry-After}, 500, 502, 503, a slow answer, or a closed connection).</li>
 *   <li>{@code GET /_sim/stats}: the {@link dev.inferstream.harness.sim.SimStats} snapshot as JSON, with fault kinds
 *       by their external names, {@code duplicateSubmissions {repeatedBodies, extraSubmissions}}, and per job
 *       {@code jobId, projectId, model, submittedAt, finishedAt, status, terminalStatus, statusChecks,
 *       terminalSeenAt} (ISO-8601 instants; {@code null} where a never-ending job has none).
 *       {@code POST /_sim/reset} answers {@code 204} and forgets jobs and counters.</li>
 *   <li>{@code POST /_sim/keys/rotate} with {@code {"from": old, "to": new, "graceSeconds": n}}: {@code new}
 *       signs for the account of {@code old} (and sees its jobs), {@code old} is still accepted for
 *       {@code n} seconds (default 0); {@code 204}, or {@code 400} when {@code old} is not accepted.</li>
 * </ul>
 *
 * <p>A job's life is planned when it is submitted, from the seed and its id: its outcome ({@code Finished}, or
 * {@code Errored} for a configured share) and its run time from the model's {@link dev.inferstream.harness.sim.DurationSpec}.
 * It answers {@code Queued} for {@code queuedFor}, then {@code Running}, then its outcome. Nothing runs in
 * the background; status is computed when asked.
 */
package dev.inferstream.harness.sim;
