package dev.inferstream.quota;

import static dev.inferstream.quota.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShareReportCodecTest {

    private static final byte[] KEY = ShareReportCodec.key("10.0.0.7:8080-5f3a");

    @Test
    void aReport_comesBackAsItWasWritten() {
        ShareReport report = new ShareReport("10.0.0.7:8080-5f3a", 1_795_000_123L, 6, java.util.Set.of(4, 0, 2), 0.37,
                300, 256);

        assertThat(ShareReportCodec.decode(KEY, ShareReportCodec.value(report))).contains(report);
    }

    @Test
    void aTombstone_isNoReport() {
        assertThat(ShareReportCodec.decode(KEY, null)).isEmpty();
    }

    @Test
    void bytesThatAreNotAReport_areNoReport_whateverTheyAre() {
        byte[] valid = ShareReportCodec.value(report("m", 1, 0.5, 1, 2));
        assertThat(ShareReportCodec.decode(KEY, "{\"json\":true}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(ShareReportCodec.decode(KEY, Arrays.copyOf(valid, valid.length - 1))).isEmpty();
        assertThat(ShareReportCodec.decode(KEY, Arrays.copyOf(valid, valid.length + 1))).isEmpty();
        byte[] outOfRange = valid.clone();
        ByteBuffer.wrap(outOfRange).putDouble(outOfRange.length - 20, 7.0);
        assertThat(ShareReportCodec.decode(KEY, outOfRange)).as("a demand of 7").isEmpty();
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            ShareReportCodec.decode(KEY, noise);
        }
    }

    @Test
    void aLaterVersionWithAppendedFields_isReadForTheFieldsThisOneKnows() {
        ShareReport report = report("m", 9, 1, 3);
        byte[] written = ShareReportCodec.value(report);
        byte[] newer = Arrays.copyOf(written, written.length + 8);
        newer[0] = ShareReportCodec.VERSION + 1;

        assertThat(ShareReportCodec.decode(ShareReportCodec.key("m"), newer)).contains(report);
    }
}
