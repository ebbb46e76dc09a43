package dev.gatehouse.natives.llamacpp.gpucheck;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order the check runs its steps in, most telling first, so that a run cut short by its time budget still has
 * the figures that matter: every model fully on the GPU, the CPU baseline for the speed comparison, the two largest
 * models on the GPU together, half offload, and only then the longer contexts.
 */
final class CheckPlan {

    private CheckPlan() {}

    static List<CheckStep> steps(List<CheckModels.Model> models, List<Integer> contexts) {
        List<CheckModels.Model> bySize = models.stream().sorted(Comparator.comparingInt(CheckModels.Model::mib)).toList();
        int first = contexts.getFirst();
        List<CheckStep> steps = new ArrayList<>();
        for (CheckModels.Model model : bySize) steps.add(LoadCase.all(model, first));
        for (CheckModels.Model model : bySize) steps.add(LoadCase.cpu(model, first));
        if (bySize.size() >= 2) {
            steps.add(new CheckStep.Pair(LoadCase.all(bySize.getLast(), first),
                    LoadCase.all(bySize.get(bySize.size() - 2), first)));
        }
        for (CheckModels.Model model : bySize) steps.add(LoadCase.half(model, first));
        for (int context : contexts.subList(1, contexts.size())) {
            for (CheckModels.Model model : bySize) {
                steps.add(LoadCase.all(model, context));
                steps.add(LoadCase.half(model, context));
                steps.add(LoadCase.cpu(model, context));
            }
        }
        return steps;
    }
}
