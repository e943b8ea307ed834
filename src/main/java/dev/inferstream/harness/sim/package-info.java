/**
 * A simulator of AnnoLab's Model Inferences and export APIs for tests, the demo and the benchmark.
 *
 * <p>{@link dev.inferstream.harness.sim.AnnoLabSimulator#start(dev.inferstream.harness.sim.SimConfig)} serves, on real HTTP:
 * <ul>
 *   <li>{@code POST /v1/infer/batch}: {@code 201} with {@code inferenceJobId, status, projectName, projectId,
 *       outputLayerName, outputLayerId, sourceIds} (optionally with AnnoLab's trailing comma); {@code 400
 *       {"message"}} for a malformed body or an unknown project, model or layer; {@code 403} for a project
 *       configured without permission.</li>
 *   <li>{@code GET /v1/infer/batch/{jobId}}: {@code 200} with {@code inferenceJobId, status, projectId,
 *       sourceIds}; {@code 404} for an unknown job or one another key created.</li>
 *   <li>{@code POST /v1/export/project}: {@code 201} with {@code message}, an absolute {@code exportStatusUrl}
 *       (on the base the client addressed, or on {@link dev.inferstream.harness.sim.ExportConfig#statusBase()})
 *       and {@code exportJob {id, status: "initalized", ...}}; {@code 400} for a malformed body or an unknown
 *       project, layer or source (ids from {@link dev.inferstream.harness.sim.SimConfig#FIRST_MISSING_SOURCE_ID}
 *       on); {@code 403} for a project without permission.</li>
 *   <li>{@code GET /v1/export/status/{id}}: {@code 200 {"status"}}, {@code initalized}, {@code started}, then
 *       {@code finished} with a {@code downloadUrl} signed for the configured lifetime, or {@code errored} with
 *       an {@code error}; {@code 404} for an unknown export or another account's.</li>
 *   <li>The {@code downloadUrl} ({@code /downloads/exports/{id}?expires=..&signature=..}) answers the export's
 *       JSON file without any key and without injected faults; {@code 403} with S3's XML error when forged or
 *       expired, {@code 404} for an export forgotten by a reset.</li>
 *   <li>The API endpoints answer {@code 401} without a configured {@code Authorization: Api-Key <key>}. Before that check,
 *       each request may be delayed (base latency) and may meet one injected fault (429 with
 *       {@code Retry-After}, 500, 502, 503, a slow answer, or a closed connection).</li>
 *   <li>{@code GET /_sim/stats}: the {@link dev.inferstream.harness.sim.SimStats} snapshot as JSON, with fault kinds
 *       by their external names, {@code duplicateSubmissions {repeatedBodies, extraSubmissions}}, and per job
 *       {@code jobId, projectId, model, submittedAt, finishedAt, status, terminalStatus, statusChecks,
 *       terminalSeenAt} (ISO-8601 instants; {@code null} where a never-ending job has none).
 *       {@code exports {requests, started, finished, errored, statusChecks, downloads, refusedDownloads}}.
 *       {@code POST /_sim/reset} answers {@code 204} and forgets jobs, exports and counters.</li>
 *   <li>{@code POST /_sim/keys/rotate} with {@code {"from": old, "to": new, "graceSeconds": n}}: {@code new}
 *       signs for the account of {@code old} (and sees its jobs), {@code old} is still accepted for
 *       {@code n} seconds (default 0); {@code 204}, or {@code 400} when {@code old} is not accepted.</li>
 * </ul>
 *
 * <p>A job's life is planned when it is submitted, from the seed and its id: its outcome ({@code Finished}, or
 * {@code Errored} for a configured share) and its run time from the model's {@link dev.inferstream.harness.sim.DurationSpec}.
 * It answers {@code Queued} for {@code queuedFor}, then {@code Running}, then its outcome. Nothing runs in
 * the background; status is computed when asked. Exports are planned the same way from
 * {@link dev.inferstream.harness.sim.ExportConfig}: {@code initalized} for {@code queuedFor}, then {@code started}
 * until their drawn duration has passed.
 */
package dev.inferstream.harness.sim;
