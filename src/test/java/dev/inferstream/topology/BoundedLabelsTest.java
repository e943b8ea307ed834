package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoundedLabelsTest {

    @Test
    void givenALimit_theFirstValuesKeepTheirLabelForGood_andTheRestAreOther() {
        BoundedLabels labels = new BoundedLabels(2);

        assertThat(labels.of("ocr")).isEqualTo("ocr");
        assertThat(labels.of("classifier")).isEqualTo("classifier");
        assertThat(labels.of("summarizer")).isEqualTo(BoundedLabels.OTHER);
        assertThat(labels.of("ocr")).isEqualTo("ocr");
        assertThat(labels.of("summarizer")).isEqualTo(BoundedLabels.OTHER);
    }

    @Test
    void givenNoValueOrAVeryLongOne_theLabelIsUnknownOrCut() {
        BoundedLabels labels = new BoundedLabels(5);

        assertThat(labels.of(null)).isEqualTo(BoundedLabels.UNKNOWN);
        assertThat(labels.of(" ")).isEqualTo(BoundedLabels.UNKNOWN);
        assertThat(labels.of("m".repeat(500))).hasSize(BoundedLabels.MAX_LENGTH);
    }
}
