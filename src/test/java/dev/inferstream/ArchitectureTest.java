package dev.inferstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package picture of docs/architecture.md, read from the main sources: which package may refer to
 * which. A new arrow fails here until the picture (and this table) is changed on purpose.
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src", "main", "java", "dev", "inferstream");
    private static final String HARNESS = "harness";
    private static final String CLI = "cli";
    /** The one type of {@code cli} the harness may name: the extension point its commands plug into. */
    private static final String CLI_EXTENSION_POINT = "dev.inferstream.cli.CommandProvider";

    /** Product packages and the product packages each may refer to. */
    private static final Map<String, Set<String>> PRODUCT = Map.of(
            "api", Set.of(),
            "serde", Set.of(),
            "state", Set.of("events"),
            "topology", Set.of("api", "serde", "state", "events"),
            "quota", Set.of("topology"),
            "config", Set.of("api", "serde", "topology", "quota", "events"),
            "service", Set.of("api", "config", "serde", "state", "topology", "quota", "events"),
            "replay", Set.of("serde", "events"),
            CLI, Set.of("config", "events", "replay", "serde", "service", "quota"));

    private static final Pattern REFERENCE =
            Pattern.compile("dev\\.inferstream\\.([a-z]+)(?:\\.[a-z][a-z0-9]*)*(?:\\.[A-Z]\\w*)?");
    private static final Pattern COMMENTS_AND_STRINGS =
            Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\])*\"", Pattern.DOTALL);

    private record Reference(String fromFile, String fromPackage, String toPackage, String toName) {
        @Override
        public String toString() {
            return fromFile + " (" + fromPackage + ") -> " + toName;
        }
    }

    @Test
    void everyMainPackage_hasAPlaceInThePicture() {
        Set<String> known = new TreeSet<>(PRODUCT.keySet());
        known.add(HARNESS);
        assertThat(topLevelPackages()).isSubsetOf(known);
    }

    @Test
    void productPackages_referOnlyToTheirAllowedProductPackages_andNeverToTheHarness() {
        List<Reference> wrong = references()
                .filter(reference -> !reference.fromPackage().equals(HARNESS))
                .filter(reference -> !reference.toPackage().equals(reference.fromPackage()))
                .filter(reference -> !PRODUCT.get(reference.fromPackage()).contains(reference.toPackage()))
                .toList();
        assertThat(wrong).as("arrows against docs/architecture.md").isEmpty();
    }

    @Test
    void configuration_importsNoRuntime() {
        assertThat(references().filter(reference -> reference.fromPackage().equals("config"))
                .map(Reference::toPackage))
                .doesNotContain("service", "replay", CLI, HARNESS);
    }

    @Test
    void nothingButTheCommandLine_refersToIt_exceptTheHarnessPluggingIntoItsExtensionPoint() {
        List<Reference> intoCli = references()
                .filter(reference -> reference.toPackage().equals(CLI) && !reference.fromPackage().equals(CLI))
                .filter(reference -> !(reference.fromPackage().equals(HARNESS)
                        && reference.toName().equals(CLI_EXTENSION_POINT)))
                .toList();
        assertThat(intoCli).isEmpty();
    }

    @Test
    void theHarness_isReferredToByNoProductCode() {
        assertThat(references().filter(reference -> reference.toPackage().equals(HARNESS))
                .filter(reference -> !reference.fromPackage().equals(HARNESS)))
                .isEmpty();
    }

    private static Set<String> topLevelPackages() {
        try (Stream<Path> children = Files.list(MAIN)) {
            return children.filter(Files::isDirectory).map(path -> path.getFileName().toString())
                    .collect(TreeSet::new, Set::add, Set::addAll);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Reference> references() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(path -> path.toString().endsWith(".java")).toList().stream()
                    .flatMap(ArchitectureTest::referencesIn);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Reference> referencesIn(Path file) {
        String fromPackage = MAIN.relativize(file).getName(0).toString();
        String code;
        try {
            code = COMMENTS_AND_STRINGS.matcher(Files.readString(file)).replaceAll(" ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher matcher = REFERENCE.matcher(code);
        Stream.Builder<Reference> found = Stream.builder();
        while (matcher.find()) {
            found.add(new Reference(MAIN.relativize(file).toString(), fromPackage, matcher.group(1), matcher.group()));
        }
        return found.build();
    }
}
