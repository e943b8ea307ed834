package dev.inferstream.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A Kubernetes secret volume as the kubelet lays it out and updates it: the key file is a symlink to
 * {@code ..data/<key>}, {@code ..data} a symlink to a timestamped directory, and an update writes a new
 * directory and swaps {@code ..data} with one atomic rename, so the key file's own path never changes.
 */
public final class SecretMount {

    private final Path dir;
    private final String name;
    private int version;

    private SecretMount(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    public static SecretMount create(Path dir, String name, String firstValue) {
        SecretMount mount = new SecretMount(dir, name);
        mount.update(firstValue);
        try {
            Files.createSymbolicLink(dir.resolve(name), Path.of("..data", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return mount;
    }

    /** The path a pod is given, e.g. {@code /var/run/secrets/annolab/api-key}. */
    public Path file() {
        return dir.resolve(name);
    }

    public void update(String value) {
        try {
            Path versionDir = Files.createDirectory(dir.resolve("..v" + (++version)));
            Files.writeString(versionDir.resolve(name), value + "\n", StandardCharsets.UTF_8);
            Path staged = dir.resolve("..data_tmp");
            Files.deleteIfExists(staged);
            Files.createSymbolicLink(staged, versionDir.getFileName());
            Files.move(staged, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
