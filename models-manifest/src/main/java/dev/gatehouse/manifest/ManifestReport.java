package dev.gatehouse.manifest;

import java.util.List;

/**
 * The result of checking a manifest against the files on disk.
 *
 * @param models   one report per manifest entry, in manifest order
 * @param errors   problems that stop a model from loading
 * @param warnings problems that let it load but probably not as intended
 */
public record ManifestReport(List<ModelFileReport> models, List<Violation> errors, List<Violation> warnings) {

    public ManifestReport {
        models = List.copyOf(models);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
