package dev.inferstream.replay;

import dev.inferstream.events.InferenceRequested;
import dev.inferstream.serde.SpecificAvroSerializer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Where replayed requests go: the requested topic, paced; or nowhere, for a dry run. */
sealed interface Publisher extends AutoCloseable permits Publisher.None, Publisher.ToKafka {

    /** Sends one request; false when the wait for the rate was interrupted and nothing was sent. */
    boolean publish(InferenceRequested request);

    /** Waits until everything sent is acknowledged; a failed send surfaces here at the latest. */
    void flush();

    /** Requests acknowledged by the broker. */
    long published();

    @Override
    void close();

    static Publisher none() {
        return new None();
    }

    static Publisher open(ReplayPlan plan) {
        return new ToKafka(plan);
    }

    final class None implements Publisher {
        @Override
        public boolean publish(InferenceRequested request) {
            return true;
        }

        @Override
        public void flush() {
        }

        @Override
        public long published() {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    final class ToKafka implements Publisher {
        private final String topic;
        private final KafkaProducer<String, InferenceRequested> producer;
        private final RatePacer pacer;
        private final AtomicLong acknowledged = new AtomicLong();
        private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

        ToKafka(ReplayPlan plan) {
            this.topic = plan.requestedTopic();
            SpecificAvroSerializer<InferenceRequested> values = new SpecificAvroSerializer<>();
            values.configure(plan.serdeConfig(), false);
            this.producer = new KafkaProducer<>(plan.clientConfig(Map.of(
                    ProducerConfig.ACKS_CONFIG, "all",
                    // A retried batch must not land twice: the processor would dedupe it, but the count would lie.
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 20,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Replayer.CLIENT_TIMEOUT.toMillis(),
                    ProducerConfig.CLIENT_ID_CONFIG, "inferstream-replay-" + plan.ids().name())),
                    new StringSerializer(), values);
            this.pacer = RatePacer.system(plan.rate());
        }

        @Override
        public boolean publish(InferenceRequested request) {
            failIfSendFailed();
            try {
                pacer.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            producer.send(new ProducerRecord<>(topic, request.getRequestId(), request), (metadata, failure) -> {
                if (failure == null) {
                    acknowledged.incrementAndGet();
                } else {
                    firstFailure.compareAndSet(null, failure);
                }
            });
            return true;
        }

        @Override
        public void flush() {
            producer.flush();
            failIfSendFailed();
        }

        @Override
        public long published() {
            return acknowledged.get();
        }

        @Override
        public void close() {
            producer.close();
        }

        private void failIfSendFailed() {
            Exception failure = firstFailure.get();
            if (failure != null) {
                throw new ReplayException("could not publish to topic '" + topic + "': " + Replayer.rootMessage(failure),
                        failure);
            }
        }
    }
}
