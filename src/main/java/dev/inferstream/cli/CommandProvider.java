package dev.inferstream.cli;

import java.util.List;

/**
 * More subcommands for {@code inferstream}, found with {@link java.util.ServiceLoader}. The harness (demo,
 * simulator, bench) registers its commands this way, so the service jar, built without the harness, has
 * exactly the service's commands and nothing refers to code it does not hold.
 */
public interface CommandProvider {

    /** Picocli command objects (classes annotated with {@code @Command}), in the order help lists them. */
    List<Object> commands();
}
