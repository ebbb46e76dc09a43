package dev.gatehouse.natives.llamacpp.gpucheck;

/**
 * One load of one model: how many layers go to the GPU and how long a context it gets.
 *
 * @param layers    "cpu" (0 layers), "half" (half the blocks) or "all" (every block and the output layer)
 * @param gpuLayers the number passed to llama.cpp
 */
record LoadCase(CheckModels.Model model, String layers, int gpuLayers, int context) implements CheckStep {

    static LoadCase cpu(CheckModels.Model model, int context) {
        return new LoadCase(model, "cpu", 0, context);
    }

    static LoadCase half(CheckModels.Model model, int context) {
        return new LoadCase(model, "half", model.spec().layers() / 2, context);
    }

    static LoadCase all(CheckModels.Model model, int context) {
        return new LoadCase(model, "all", model.allLayers(), context);
    }

    @Override
    public String label() {
        return model.label() + ", " + layers + " (" + gpuLayers + " layers), context " + context;
    }
}
