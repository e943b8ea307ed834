package dev.inferstream.topology;

import dev.inferstream.events.InferenceRequested;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The contract's rules for an {@code InferenceRequested}, plus the size limits an operator sets. */
public final class RequestValidator {

    /**
     * The longest record key or requestId: both are copied into state and into every event. A longer
     * one is dead-lettered rather than answered, since its event would have to carry it.
     */
    public static final int MAX_ID_CHARS = 512;

    private final int maxSourceIds;
    private final int maxAttributesBytes;
    private final long maxTimeoutSeconds;

    public RequestValidator(TopologySettings.Limits limits) {
        this.maxTimeoutSeconds = limits.maxTimeout().toSeconds();
        this.maxSourceIds = limits.maxSourceIds();
        this.maxAttributesBytes = limits.maxAttributesBytes();
    }

    public Validation validate(String recordKey, InferenceRequested request) {
        if (request == null) {
            return invalid("value", "the record has no value (a tombstone); expected an InferenceRequested");
        }
        String requestId = request.getRequestId();
        if (isBlank(requestId)) {
            return invalid("requestId", "requestId is required and must not be blank");
        }
        if (hasControlCharacters(requestId)) {
            return invalid("requestId", "requestId must not contain control characters");
        }
        if (recordKey == null) {
            return invalid("key", "the record key is missing; it must equal requestId");
        }
        if (!recordKey.equals(requestId)) {
            return invalid("key", "the record key must equal requestId");
        }
        if (isBlank(request.getGroupName())) {
            return invalid("groupName", "groupName is required and must not be blank");
        }
        if (isBlank(request.getProjectIdentifier())) {
            return invalid("projectIdentifier", "projectIdentifier is required and must not be blank");
        }
        if (isBlank(request.getModelIdentifier())) {
            return invalid("modelIdentifier", "modelIdentifier is required and must not be blank");
        }
        Validation sources = validateSourceIds(request.getSourceIds());
        if (sources instanceof Validation.Invalid) {
            return sources;
        }
        Validation layer = validateOutputLayer(request.getOutputLayerIdentifier());
        if (layer instanceof Validation.Invalid) {
            return layer;
        }
        Integer timeoutSeconds = request.getTimeoutSeconds();
        if (timeoutSeconds != null && timeoutSeconds <= 0) {
            return invalid("timeoutSeconds", "timeoutSeconds must be greater than 0 when set, was " + timeoutSeconds);
        }
        if (timeoutSeconds != null && timeoutSeconds > maxTimeoutSeconds) {
            return invalid("timeoutSeconds", "timeoutSeconds must be at most " + maxTimeoutSeconds
                    + " (INFERSTREAM_MAX_TIMEOUT_SECONDS), was " + timeoutSeconds);
        }
        if (request.getReplayOf() != null && isBlank(request.getReplayOf())) {
            return invalid("replayOf", "replayOf must not be blank when set");
        }
        return validateAttributes(request.getAttributes());
    }

    private Validation validateSourceIds(List<Long> sourceIds) {
        if (sourceIds == null || sourceIds.isEmpty()) {
            return invalid("sourceIds", "sourceIds must contain at least one id");
        }
        if (sourceIds.size() > maxSourceIds) {
            return invalid("sourceIds", "sourceIds has " + sourceIds.size() + " ids; at most " + maxSourceIds
                    + " are allowed per request (split the request)");
        }
        for (int i = 0; i < sourceIds.size(); i++) {
            Long id = sourceIds.get(i);
            if (id == null || id <= 0) {
                return invalid("sourceIds", "sourceIds[" + i + "] must be greater than 0, was " + id);
            }
        }
        return Validation.VALID;
    }

    private static Validation validateOutputLayer(Object layer) {
        if (layer instanceof Long id && id <= 0) {
            return invalid("outputLayerIdentifier", "outputLayerIdentifier must be greater than 0 when numeric, was " + id);
        }
        if (layer instanceof CharSequence name && isBlank(name.toString())) {
            return invalid("outputLayerIdentifier", "outputLayerIdentifier must not be blank");
        }
        if (!(layer instanceof Long) && !(layer instanceof CharSequence)) {
            return invalid("outputLayerIdentifier", "outputLayerIdentifier must be a layer name or a numeric id");
        }
        return Validation.VALID;
    }

    private Validation validateAttributes(Map<String, String> attributes) {
        if (attributes == null) {
            return Validation.VALID;
        }
        long bytes = 0;
        for (Map.Entry<String, String> entry : attributes.entrySet()) {
            bytes += utf8Length(entry.getKey()) + utf8Length(entry.getValue());
            if (bytes > maxAttributesBytes) {
                return invalid("attributes", "attributes exceed " + maxAttributesBytes
                        + " bytes; keep correlation data small");
            }
        }
        return Validation.VALID;
    }

    private static long utf8Length(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    private static boolean hasControlCharacters(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private static Validation invalid(String field, String message) {
        return new Validation.Invalid(field, message);
    }
}
