package dev.gatehouse.manifest;

import java.util.List;
import java.util.Optional;

/** The validated set of models Gatehouse knows about. Built by {@code ManifestReader}. */
public record Manifest(List<ModelSpec> models) {

    public Manifest {
        models = List.copyOf(models);
    }

    /** The model whose id or alias is {@code name}. */
    public Optional<ModelSpec> find(String name) {
        return models.stream().filter(m -> m.answersTo(name)).findFirst();
    }

    /** The model marked default for the task, else the first model serving it. */
    public Optional<ModelSpec> defaultFor(TaskKind task) {
        return models.stream().filter(m -> m.serves(task) && m.isDefault()).findFirst()
                .or(() -> models.stream().filter(m -> m.serves(task)).findFirst());
    }
}
