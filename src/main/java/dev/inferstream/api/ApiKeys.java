package dev.inferstream.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API key in use, and every key this process has used: one object shared by the client, which signs
 * each call with {@link #current()}, and the redactor, which removes {@link #known()} from any text that
 * leaves the client, so a key is redacted before and after a rotation alike.
 *
 * <p>A key read from a file is re-read by {@link #reload()}: Kubernetes updates a mounted secret in place
 * (it swaps a symlink), so a rotated secret reaches a running process without a restart. Thread-safe.
 */
public final class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    /** Enough for any realistic rotation history; the oldest are dropped beyond it. */
    static final int MAX_KNOWN = 16;

    private final Optional<Path> file;
    private final List<ApiKey> known = new CopyOnWriteArrayList<>();
    private final List<Runnable> onChange = new CopyOnWriteArrayList<>();
    private volatile ApiKey current;
    private volatile String lastProblem = "";

    private ApiKeys(ApiKey first, Optional<Path> file) {
        this.current = first;
        this.file = file;
        known.add(first);
    }

    /** A key that never changes (from the environment, or a test). */
    public static ApiKeys fixed(ApiKey key) {
        return new ApiKeys(Objects.requireNonNull(key, "key"), Optional.empty());
    }

    /**
     * The key held in {@code file}, re-read by {@link #reload()}.
     *
     * @throws KeyFileException when the file cannot be read or holds no key; its message names the file only
     */
    public static ApiKeys fromFile(Path file) {
        return new ApiKeys(read(file), Optional.of(file));
    }

    /** The key to sign the next call with. */
    public ApiKey current() {
        return current;
    }

    /** Every key used since start, the current one first: what must never appear in any text. */
    public List<ApiKey> known() {
        List<ApiKey> all = new ArrayList<>(known);
        Collections.reverse(all);
        return all;
    }

    /** The file the key comes from, when it comes from one. */
    public Optional<Path> file() {
        return file;
    }

    /** Runs {@code listener} (on the thread that reloaded) whenever the key changes. */
    public void onChange(Runnable listener) {
        onChange.add(listener);
    }

    /**
     * Reads the key file again; switches to its key when it differs. A file that cannot be read or is empty
     * (a secret being swapped, a mount gone) keeps the current key and is reported once per kind of problem.
     *
     * @return true when the key changed
     */
    public boolean reload() {
        if (file.isEmpty()) {
            return false;
        }
        ApiKey read;
        try {
            read = read(file.get());
        } catch (KeyFileException e) {
            if (!e.getMessage().equals(lastProblem)) {
                lastProblem = e.getMessage();
                log.warn("{}; still using the key read before", e.getMessage());
            }
            return false;
        }
        lastProblem = "";
        synchronized (this) {
            if (read.equals(current)) {
                return false;
            }
            current = read;
            known.remove(read);
            known.add(read);
            while (known.size() > MAX_KNOWN) {
                known.remove(0);
            }
        }
        log.info("the API key file {} holds a new key; calls use it from now on", file.get());
        onChange.forEach(Runnable::run);
        return true;
    }

    private static ApiKey read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeyFileException(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (text.isBlank()) {
            throw new KeyFileException(file, "is empty");
        }
        return ApiKey.of(text);
    }

    @Override
    public String toString() {
        return "ApiKeys[current=" + current + ", " + file.map(path -> "file=" + path).orElse("fixed")
                + ", known=" + known.size() + "]";
    }

    /** The key file is missing, unreadable or empty; the message names the file and never its content. */
    public static final class KeyFileException extends RuntimeException {
        private final String problem;

        KeyFileException(Path file, String problem) {
            super("the API key file " + file + " " + problem);
            this.problem = problem;
        }

        /** What is wrong with the file, e.g. "is empty", without naming it. */
        public String problem() {
            return problem;
        }
    }
}
