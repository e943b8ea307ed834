package dev.inferstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@code tail --json}: one JSON object per line with where the record was, its type and the whole event
 * as plain JSON (unions unwrapped, timestamps as ISO-8601 instants), ready for {@code jq}.
 */
final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private EventJson() {
    }

    static String line(TailEvent event) {
        ObjectNode json = NODES.objectNode();
        TailEvent.Position position = event.position();
        json.put("type", type(event))
                .put("topic", position.topic())
                .put("partition", position.partition())
                .put("offset", position.offset())
                .put("timestamp", position.timestamp().toString())
                .put("key", event.key());
        if (event instanceof TailEvent.Completed done) {
            json.set("event", of(done.event()));
        } else if (event instanceof TailEvent.Failed failed) {
            json.set("event", of(failed.event()));
        } else if (event instanceof TailEvent.DeadLetter dead) {
            json.put("valueBytes", dead.valueBytes());
            ObjectNode headers = json.putObject("errorHeaders");
            dead.errorHeaders().forEach(headers::put);
        } else if (event instanceof TailEvent.Unreadable unreadable) {
            json.put("problem", unreadable.problem());
        }
        try {
            return MAPPER.writeValueAsString(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree built here", e);
        }
    }

    static String type(TailEvent event) {
        if (event instanceof TailEvent.Completed) {
            return "completed";
        }
        if (event instanceof TailEvent.Failed) {
            return "failed";
        }
        return event instanceof TailEvent.DeadLetter ? "dead-letter" : "unreadable";
    }

    /** An Avro record as plain JSON, field by field in schema order. */
    static ObjectNode of(SpecificRecord record) {
        ObjectNode json = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            json.set(field.name(), value(record.get(field.pos())));
        }
        return json;
    }

    private static JsonNode value(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof SpecificRecord record) {
            return of(record);
        }
        if (value instanceof Integer number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Long number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Double number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        }
        if (value instanceof Instant instant) {
            return NODES.textNode(instant.toString());
        }
        if (value instanceof ByteBuffer bytes) {
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes.duplicate().array()));
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(item -> array.add(value(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((key, item) -> object.set(key.toString(), value(item)));
            return object;
        }
        // Strings (Utf8 or String) and enum symbols.
        return NODES.textNode(value.toString());
    }
}
