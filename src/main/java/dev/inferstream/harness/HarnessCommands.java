package dev.inferstream.harness;

import dev.inferstream.cli.CommandProvider;
import dev.inferstream.harness.bench.BenchCommand;
import dev.inferstream.harness.demo.DemoCommand;
import dev.inferstream.harness.sim.AnnoLabSimCommand;
import java.util.List;

/** The full jar's extra commands: everything that needs an embedded broker, the simulator or the bench. */
public final class HarnessCommands implements CommandProvider {

    @Override
    public List<Object> commands() {
        return List.of(new DemoCommand(), new AnnoLabSimCommand(), new BenchCommand());
    }
}
