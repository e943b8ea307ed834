package dev.inferstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void header_isMagicZeroThenBigEndianId() {
        assertThat(WireFormat.header(0x01020304)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void schemaId_readsTheBigEndianIdAfterTheMagicByte() {
        byte[] payload = {0, 0, 0, 1, 2, 42, 43};

        assertThat(WireFormat.schemaId(payload)).isEqualTo(258);
    }

    @Test
    void givenUnknownMagicByte_throwsSerializationExceptionNamingTheByte() {
        byte[] json = "{\"requestId\":\"r-1\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> WireFormat.schemaId(json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not Confluent Avro wire format: first byte was 0x7b");
    }

    @Test
    void givenPayloadShorterThanTheHeader_throwsSerializationExceptionGivingItsLength() {
        assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("3 byte(s)")
                .hasMessageContaining("5-byte");
    }
}
