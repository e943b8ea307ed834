package dev.inferstream.topology;

import dev.inferstream.api.ApiOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Where API answers wait for the task's own thread. Vert.x callbacks only {@link #offer}; the
 * punctuator drains and applies them, so no other thread ever touches a store or forwards a record.
 */
final class Inbox {

    enum Call { SUBMIT, STATUS, EXPORT_START, EXPORT_STATUS }

    /** One finished call: what was asked, for which request, when it was sent, and the answer. */
    record Delivery(String requestId, Call call, long sentAt, ApiOutcome outcome) {
        /** When the API answered, on the task's clock. */
        long answeredAt() {
            return sentAt + outcome.latency().toMillis();
        }
    }

    private final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    private volatile boolean open = true;

    void offer(Delivery delivery) {
        if (open) {
            deliveries.add(delivery);
        }
    }

    List<Delivery> drain() {
        List<Delivery> drained = new ArrayList<>();
        Delivery next;
        while ((next = deliveries.poll()) != null) {
            drained.add(next);
        }
        return drained;
    }

    /** The task is closing: answers still arriving belong to a job the next owner will rebuild from the stores. */
    void close() {
        open = false;
        deliveries.clear();
    }
}
