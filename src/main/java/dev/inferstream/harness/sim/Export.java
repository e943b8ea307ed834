package dev.inferstream.harness.sim;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One accepted export. Like a {@link Job}, its whole future is planned when it is accepted, so its status
 * is a pure function of the time asked.
 *
 * @param layers  the layers exported: those asked for, or all of the project's
 * @param endsAt  when it ends; empty when its duration is {@code never}
 * @param outcome {@code FINISHED} or {@code ERRORED}, reached at {@code endsAt}
 */
record Export(long id, String ownerAccount, SimProject project, List<SimLayer> layers, ExportBody body,
              Instant createdAt, Instant startedAt, Optional<Instant> endsAt, ExportStatus outcome) {

    Export {
        layers = List.copyOf(layers);
    }

    ExportStatus statusAt(Instant now) {
        if (endsAt.isPresent() && !now.isBefore(endsAt.get())) {
            return outcome;
        }
        return now.isBefore(startedAt) ? ExportStatus.INITALIZED : ExportStatus.STARTED;
    }

    boolean ownedBy(String account) {
        return ownerAccount.equals(account);
    }

    /** The text an errored export's status answer carries. */
    String error() {
        return "Export " + id + " of project '" + project.name() + "' failed while collecting annotations.";
    }
}
