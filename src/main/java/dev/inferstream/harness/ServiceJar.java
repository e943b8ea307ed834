package dev.inferstream.harness;

import dev.inferstream.serde.AvroTrust;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The production artifact, {@code inferstream-service.jar}, started as an operator starts it: its own
 * JVM, configured only by environment variables. The bench's service JVM, the chaos suite's processors
 * and the service-jar test all start it here, so what they measure is what the image runs.
 */
public final class ServiceJar {

    public static final String FILE_NAME = "inferstream-service.jar";

    private ServiceJar() {
    }

    /**
     * The service jar in the build directory this code came from: next to the full jar, or next to
     * {@code classes/} when running from a build tree (tests). Both jars are built by {@code mvn package}.
     */
    public static Path locate() {
        Path origin;
        try {
            origin = Path.of(ServiceJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where the harness was loaded from", e);
        }
        Path jar = origin.toAbsolutePath().getParent().resolve(FILE_NAME);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist; build it with: mvn -B -DskipTests package");
        }
        return jar;
    }

    /**
     * Starts {@code java -Xmx<maxHeap> -jar inferstream-service.jar <arguments>} with exactly
     * {@code environment} plus {@code PATH}, so nothing in the caller's own environment configures it by
     * accident.
     */
    public static Process start(String maxHeap, Map<String, String> environment, Path workingDirectory, Path stdout,
                                Path stderr, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary().toString(), "-Xmx" + maxHeap,
                // As bin/inferstream and the image do: Avro only instantiates generated classes from trusted packages.
                "-D" + AvroTrust.PROPERTY + "=" + AvroTrust.trustedPackages(),
                "-jar", locate().toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(environment);
        builder.directory(workingDirectory.toFile());
        builder.redirectOutput(stdout.toFile());
        builder.redirectError(stderr.toFile());
        return builder.start();
    }

    /** The JDK running this JVM: the bench also needs its {@code jcmd}. */
    public static Path javaBinary() {
        return Path.of(ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    }
}
