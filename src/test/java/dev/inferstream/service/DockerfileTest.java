package dev.inferstream.service;

import static dev.inferstream.service.DeploymentFiles.find;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Dockerfile against the build: the jar it copies, the user it runs as, the flags the code needs. */
class DockerfileTest {

    private static final String DOCKERFILE = DeploymentFiles.text("Dockerfile");
    private static final String POM = DeploymentFiles.text("pom.xml");

    @Test
    void givenTheTwoJars_theDefaultTargetShipsTheServiceJarAndRunsIt_theHarnessTargetTheFullJar() throws Exception {
        List<String> built = all(POM, "<outputFile>\\$\\{project.build.directory}/([^<]+)</outputFile>");
        List<String> copied = all(DOCKERFILE, "^COPY --from=\\S+ \\S+/target/(\\S+) /app/inferstream.jar$");
        List<String> stages = all(DOCKERFILE, "^FROM \\S+ AS (\\S+)$");
        List<String> entrypoint = jsonArray("ENTRYPOINT");

        assertThat(built).containsExactlyInAnyOrder("inferstream-all.jar", "inferstream-service.jar");
        assertThat(stages.get(stages.size() - 1)).as("the default target").isEqualTo("service");
        assertThat(copied).containsExactly("inferstream-all.jar", "inferstream-service.jar");
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size()))
                .containsExactly("-jar", "/app/inferstream.jar");
        assertThat(all(DOCKERFILE, "^CMD (\\[.*])$")).containsExactly("[\"annolab-sim\"]", "[\"run\"]");
    }

    @Test
    void givenAvroTrust_theEntrypointTrustsTheSamePackagesAsTheBuild() throws Exception {
        String trusted = find(POM, "<avro.trusted.packages>([^<]+)</avro.trusted.packages>");

        assertThat(jsonArray("ENTRYPOINT")).contains("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=" + trusted);
    }

    @Test
    void givenTheRuntimeStage_itIsATemurin17Jre_andRunsAsANumericNonRootUser() {
        String user = find(DOCKERFILE, "^USER (\\S+)$");

        assertThat(find(DOCKERFILE, "^FROM (\\S+) AS base$")).isEqualTo("eclipse-temurin:17-jre");
        assertThat(user).matches("\\d+(:\\d+)?");
        assertThat(user.split(":")[0]).isNotEqualTo("0");
        assertThat(DOCKERFILE.indexOf("\nUSER ")).as("USER comes after the root-only setup")
                .isGreaterThan(DOCKERFILE.lastIndexOf("\nRUN "));
    }

    @Test
    void givenItsEnvironment_everyVariableIsOneTheCodeReads_theStateDirBelongsToTheUser_andThePortIsExposed() {
        List<String> names = all(DOCKERFILE, "^\\s*(?:ENV\\s+)?([A-Z][A-Z0-9_]*)=\\S+\\s*\\\\?$");
        String stateDir = find(DOCKERFILE, "INFERSTREAM_STATE_DIR=(\\S+)");
        String port = find(DOCKERFILE, "INFERSTREAM_HTTP_PORT=(\\d+)");

        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(ReadEnvNames.isRead(name)).as(name).isTrue());
        assertThat(DOCKERFILE).contains("chown inferstream:inferstream " + stateDir);
        assertThat(find(DOCKERFILE, "^EXPOSE (\\d+)$")).isEqualTo(port);
    }

    private static List<String> jsonArray(String instruction) throws Exception {
        JsonNode array = new ObjectMapper().readTree(find(DOCKERFILE, "^" + instruction + " (\\[.*])$"));
        return DeploymentFiles.texts(array);
    }

    private static List<String> all(String text, String regex) {
        Matcher matcher = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
