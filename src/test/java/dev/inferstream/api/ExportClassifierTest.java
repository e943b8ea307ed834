package dev.inferstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ExportClassifierTest {

    private static final String KEY = "al-export-Zq81-never-print-me";
    private static final Duration LATENCY = Duration.ofMillis(40);

    private final Redactor redactor = new Redactor(ApiKey.of(KEY));
    private final ExportClassifier classifier = classifierFor("https://api.annolab.ai");

    private ExportClassifier classifierFor(String base) {
        return new ExportClassifier(new ResponseClassifier(Clock.systemUTC(), redactor),
                new StatusUrls(URI.create(base), redactor), new DownloadUrls(redactor));
    }

    private static HttpAnswer answer(int status, String body) {
        return new HttpAnswer(status, Optional.empty(), Optional.empty(), body.getBytes(StandardCharsets.UTF_8));
    }

    @Nested
    class StartingAnExport {

        @Test
        void givenAnnoLabsDocumented201_withTheTrailingComma_startsPollingItsStatusUrl() {
            ExportStartOutcome outcome = classifier.start(answer(201, """
                    {"message": "Export started", "exportStatusUrl": "https://api.annolab.ai/v1/export/status/341",
                     "exportJob": {"id": 341, "status": "initalized",},}"""), LATENCY);

            assertThat(outcome).isInstanceOfSatisfying(ApiOutcome.ExportStarted.class, started -> {
                assertThat(started.statusUrl()).isEqualTo("https://api.annolab.ai/v1/export/status/341");
                assertThat(started.exportJobId()).hasValue(341);
                assertThat(started.status()).contains("initalized");
            });
        }

        @Test
        void givenAStatusUrlOnAnotherHost_isUntrusted_andTheMessageNamesBothHosts() {
            ExportStartOutcome outcome = classifier.start(answer(201, """
                    {"exportStatusUrl": "https://collector.example.net/v1/export/status/341?sig=abc"}"""), LATENCY);

            assertThat(outcome).isInstanceOfSatisfying(ApiOutcome.UntrustedStatusUrl.class, untrusted -> assertThat(
                    untrusted.message()).contains("collector.example.net", "api.annolab.ai").doesNotContain("sig=abc"));
        }

        @Test
        void givenTheSameHostButAnotherSchemePortOrCredentials_isUntrusted() {
            for (String url : new String[] {"http://api.annolab.ai/v1/export/status/1",
                    "https://api.annolab.ai:8443/v1/export/status/1",
                    "https://user:secret@api.annolab.ai/v1/export/status/1"}) {
                assertThat(classifier.start(answer(201, "{\"exportStatusUrl\": \"" + url + "\"}"), LATENCY))
                        .as(url).isInstanceOf(ApiOutcome.UntrustedStatusUrl.class);
            }
        }

        @Test
        void givenABaseWithAPath_onlyUrlsUnderThatPathAreTrusted() {
            ExportClassifier underPath = classifierFor("https://gateway.example.com/annolab/");

            assertThat(underPath.start(answer(201,
                    "{\"exportStatusUrl\": \"https://gateway.example.com/annolab/v1/export/status/9\"}"), LATENCY))
                    .isInstanceOf(ApiOutcome.ExportStarted.class);
            assertThat(underPath.start(answer(201,
                    "{\"exportStatusUrl\": \"https://gateway.example.com/other/v1/export/status/9\"}"), LATENCY))
                    .isInstanceOf(ApiOutcome.UntrustedStatusUrl.class);
            assertThat(underPath.start(answer(201,
                    "{\"exportStatusUrl\": \"https://gateway.example.com/annolab/../other/status/9\"}"), LATENCY))
                    .isInstanceOf(ApiOutcome.UntrustedStatusUrl.class);
        }

        @Test
        void givenAStatusUrlCarryingPartOfTheKey_isNeitherCalledNorRepeated() {
            ExportStartOutcome outcome = classifier.start(answer(201, "{\"exportStatusUrl\": "
                    + "\"https://api.annolab.ai/v1/export/status/1?k=" + KEY.substring(3, 15) + "\"}"), LATENCY);

            assertThat(outcome).isInstanceOfSatisfying(ApiOutcome.UntrustedStatusUrl.class, untrusted ->
                    assertThat(untrusted.message()).doesNotContain(KEY.substring(3, 15)));
        }

        @Test
        void givenA2xxWithoutAUsableStatusUrl_isUnusable_soThePostIsBoundedLikeASubmission() {
            assertThat(classifier.start(answer(201, "{\"message\": \"ok\"}"), LATENCY))
                    .isInstanceOf(ApiOutcome.UnusableAnswer.class);
            assertThat(classifier.start(answer(200, "<html>gateway</html>"), LATENCY))
                    .isInstanceOf(ApiOutcome.UnusableAnswer.class);
            assertThat(classifier.start(answer(201, "{\"exportStatusUrl\": \"/v1/export/status/1\"}"), LATENCY))
                    .isInstanceOf(ApiOutcome.UnusableAnswer.class);
        }

        @Test
        void givenA400_isRejectedWithAnnoLabsMessage() {
            assertThat(classifier.start(answer(400, "{\"message\": \"Layer 'x' does not exist.\"}"), LATENCY))
                    .isInstanceOfSatisfying(ApiOutcome.Rejected.class, rejected ->
                            assertThat(rejected.message()).contains("Layer 'x' does not exist."));
        }
    }

    @Nested
    class CheckingAnExport {

        private static final String STATUS_URL = "https://api.annolab.ai/v1/export/status/341";

        @Test
        void givenEachStillRunningSpelling_reportsProgressWithoutAnEnd() {
            for (String status : new String[] {"initalized", "initialized", "started", "Started"}) {
                ExportStatusOutcome outcome = classifier.status(STATUS_URL,
                        answer(200, "{\"status\": \"" + status + "\"}"), LATENCY);

                assertThat(outcome).as(status).isInstanceOfSatisfying(ApiOutcome.ExportProgress.class, progress -> {
                    assertThat(progress.isFinished()).isFalse();
                    assertThat(progress.isErrored()).isFalse();
                });
            }
        }

        @Test
        void givenFinished_carriesTheDownloadUrl_andTheExpiryItsS3SignatureStates() {
            String url = "https://annolab-exports.s3.amazonaws.com/341.zip?X-Amz-Date=20261201T100000Z"
                    + "&X-Amz-Expires=3600&X-Amz-Signature=abc";

            ExportStatusOutcome outcome = classifier.status(STATUS_URL,
                    answer(200, "{\"status\": \"finished\", \"downloadUrl\": \"" + url + "\"}"), LATENCY);

            assertThat(outcome).isInstanceOfSatisfying(ApiOutcome.ExportProgress.class, progress -> {
                assertThat(progress.isFinished()).isTrue();
                assertThat(progress.downloadUrl()).contains(url);
                assertThat(progress.expiresAt()).contains(Instant.parse("2026-12-01T11:00:00Z"));
            });
        }

        @Test
        void givenAStatedExpiry_prefersItToTheSignatures() {
            ExportStatusOutcome outcome = classifier.status(STATUS_URL, answer(200, """
                    {"status": "finished", "downloadUrl": "https://files.example/341.zip?Expires=1800000000",
                     "expiresAt": "2026-12-02T00:00:00Z"}"""), LATENCY);

            assertThat(((ApiOutcome.ExportProgress) outcome).expiresAt()).contains(Instant.parse("2026-12-02T00:00:00Z"));
        }

        @Test
        void givenFinishedWithoutAUsableDownloadUrl_isUnusable_soTheCheckIsAskedAgain() {
            assertThat(classifier.status(STATUS_URL, answer(200, "{\"status\": \"finished\"}"), LATENCY))
                    .isInstanceOf(ApiOutcome.UnusableAnswer.class);
            assertThat(classifier.status(STATUS_URL,
                    answer(200, "{\"status\": \"finished\", \"downloadUrl\": \"ftp://files/341\"}"), LATENCY))
                    .isInstanceOf(ApiOutcome.UnusableAnswer.class);
            assertThat(classifier.status(STATUS_URL, answer(200, "{\"status\": \"finished\", \"downloadUrl\": "
                    + "\"https://files.example/341?token=" + KEY + "\"}"), LATENCY))
                    .isInstanceOfSatisfying(ApiOutcome.UnusableAnswer.class, unusable ->
                            assertThat(unusable.cause()).doesNotContain(KEY.substring(0, 8)));
        }

        @Test
        void givenErrored_carriesAnnoLabsErrorRedacted() {
            ExportStatusOutcome outcome = classifier.status(STATUS_URL,
                    answer(200, "{\"status\": \"errored\", \"error\": \"layer too large for key " + KEY + "\"}"),
                    LATENCY);

            assertThat(outcome).isInstanceOfSatisfying(ApiOutcome.ExportProgress.class, progress -> {
                assertThat(progress.isErrored()).isTrue();
                assertThat(progress.error()).hasValueSatisfying(error ->
                        assertThat(error).contains("layer too large").doesNotContain(KEY.substring(4, 12)));
            });
        }

        @Test
        void givenNoStatus_orNotJson_isUnusable() {
            assertThat(classifier.status(STATUS_URL, answer(200, "{\"state\": \"finished\"}"), LATENCY))
                    .isInstanceOf(ApiOutcome.UnusableAnswer.class);
            assertThat(classifier.status(STATUS_URL, answer(200, "finished"), LATENCY))
                    .isInstanceOf(ApiOutcome.UnusableAnswer.class);
        }

        @Test
        void givenA404_isNotFound() {
            assertThat(classifier.status(STATUS_URL, answer(404, "{\"message\": \"Not found\"}"), LATENCY))
                    .isInstanceOf(ApiOutcome.NotFound.class);
        }
    }
}
