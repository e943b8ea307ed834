package dev.inferstream.harness.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** Looks up the projects, models and layers a submit names, by id or by name as the API allows. */
final class Catalog {

    private final List<SimProject> projects;
    private final List<SimModel> models;

    Catalog(SimConfig config) {
        this.projects = config.projects();
        this.models = config.models();
    }

    Resolution resolve(SubmitBody body) {
        Optional<SimProject> project = find(projects, body.projectIdentifier(), SimProject::id, SimProject::name);
        Optional<Resolution.Refused> refused = refusal(project, body.projectIdentifier(), "the Model Run permission in");
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<SimModel> model = find(models, body.modelIdentifier(), SimModel::id, SimModel::name);
        if (model.isEmpty()) {
            return new Resolution.Refused(400, "Model '" + body.modelIdentifier() + "' does not exist.");
        }
        Optional<SimLayer> layer = body.outputLayerIsNumber()
                ? project.get().layers().stream().filter(l -> Long.toString(l.id()).equals(body.outputLayer())).findFirst()
                : find(project.get().layers(), body.outputLayer(), SimLayer::id, SimLayer::name);
        if (layer.isEmpty()) {
            return new Resolution.Refused(400, "Output layer '" + body.outputLayer() + "' does not exist in project '"
                    + project.get().name() + "'.");
        }
        return new Resolution.Resolved(project.get(), model.get(), layer.get());
    }

    /**
     * An export of the project's layers (all when the body names none) and sources; a layer the project
     * lacks or a source that does not exist is refused, as AnnoLab does.
     */
    ExportResolution resolve(ExportBody body) {
        Optional<SimProject> project = find(projects, body.projectIdentifier(), SimProject::id, SimProject::name);
        Optional<Resolution.Refused> refused = refusal(project, body.projectIdentifier(), "permission to export");
        if (refused.isPresent()) {
            return refused.get();
        }
        List<SimLayer> layers = new ArrayList<>();
        for (String name : body.annotationLayerNames()) {
            Optional<SimLayer> layer = project.get().layers().stream().filter(l -> l.name().equals(name)).findFirst();
            if (layer.isEmpty()) {
                return new Resolution.Refused(400, "Annotation layer '" + name + "' does not exist in project '"
                        + project.get().name() + "'.");
            }
            layers.add(layer.get());
        }
        Optional<Long> missing = body.sourceIds().stream().filter(id -> id >= SimConfig.FIRST_MISSING_SOURCE_ID).findFirst();
        if (missing.isPresent()) {
            return new Resolution.Refused(400, "Source " + missing.get() + " does not exist in project '"
                    + project.get().name() + "'.");
        }
        return new ExportResolution.Resolved(project.get(), layers.isEmpty() ? project.get().layers() : layers);
    }

    /** {@code 400} for a project that does not exist, {@code 403} for one the key lacks {@code permission} for. */
    private static Optional<Resolution.Refused> refusal(Optional<SimProject> project, String identifier, String permission) {
        if (project.isEmpty()) {
            return Optional.of(new Resolution.Refused(400, "Project '" + identifier + "' does not exist."));
        }
        if (!project.get().permitted()) {
            return Optional.of(new Resolution.Refused(403, "You do not have " + permission + " project '"
                    + project.get().name() + "'."));
        }
        return Optional.empty();
    }

    /** A name wins over an id, so a project literally named "7" stays reachable by that name. */
    private static <T> Optional<T> find(List<T> items, String identifier, ToLongFunction<T> id, Function<T, String> name) {
        Optional<T> byName = items.stream().filter(item -> name.apply(item).equals(identifier)).findFirst();
        if (byName.isPresent()) {
            return byName;
        }
        return items.stream().filter(item -> Long.toString(id.applyAsLong(item)).equals(identifier)).findFirst();
    }
}
