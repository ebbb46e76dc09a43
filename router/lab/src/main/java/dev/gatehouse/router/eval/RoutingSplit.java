package dev.gatehouse.router.eval;

import dev.gatehouse.router.difficulty.LabelledPrompts;
import dev.gatehouse.router.difficulty.RoutingExample;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The deterministic train/test split when no separate training data is given. By prompt: half of the prompts, chosen
 * by a hash of their text (a repeated prompt lands on one side), are test only — held-out prompts of the topics the
 * router was trained on, as a router trained on its own traffic meets them. By group: groups (MMLU subjects = file
 * names, RouterBench benchmarks = eval_name) sorted by name, alternately to training (1st, 3rd, …) and test (2nd,
 * 4th, …), so the test prompts come from topics the router never saw.
 */
record RoutingSplit(LabelledPrompts train, LabelledPrompts test, String description) {

    static RoutingSplit of(LabelledPrompts all, String split, long seed) {
        return switch (split) {
            case "prompts" -> byPrompt(all);
            case "groups" -> byGroup(all);
            case "random-groups" -> randomGroupHalf(all, seed);
            default -> throw new IllegalArgumentException("--split: expected 'prompts', 'groups' or 'random-groups', was '"
                    + split + "'");
        };
    }

    /** Half of the groups, drawn with {@code seed}, are test only: one of many held-out-topic splits. */
    static RoutingSplit randomGroupHalf(LabelledPrompts all, long seed) {
        List<String> groups = new java.util.ArrayList<>(groups(all));
        java.util.Collections.shuffle(groups, new java.util.Random(seed));
        return holdingOut(all, new TreeSet<>(groups.subList(0, groups.size() / 2)), "a random half, seed " + seed);
    }

    static RoutingSplit byPrompt(LabelledPrompts all) {
        boolean[] test = new boolean[all.examples().size()];
        int count = 0;
        for (int i = 0; i < test.length; i++) {
            test[i] = (all.examples().get(i).prompt().hashCode() * 0x9E3779B9) >>> 31 == 1;
            if (test[i]) count++;
        }
        if (count == 0 || count == test.length) throw new IllegalArgumentException("too few prompts to split in two");
        return new RoutingSplit(all.rows(test, false), all.rows(test, true), "split by prompt: " + (test.length - count)
                + " training prompts, " + count + " held-out test prompts (half, by a hash of the prompt text)");
    }

    static RoutingSplit byGroup(LabelledPrompts all) {
        List<String> groups = groups(all);
        Set<String> test = new TreeSet<>();
        for (int i = 1; i < groups.size(); i += 2) test.add(groups.get(i));
        return holdingOut(all, test, "every 2nd group by name");
    }

    /** The groups of {@code all}, sorted; IllegalArgumentException when there is only one to split. */
    private static List<String> groups(LabelledPrompts all) {
        List<String> groups = List.copyOf(new TreeSet<>(all.examples().stream().map(RoutingExample::group).toList()));
        if (groups.size() < 2) {
            throw new IllegalArgumentException("the data has one group (" + groups
                    + "), so it cannot be split by group; give separate training data with --train");
        }
        return groups;
    }

    private static RoutingSplit holdingOut(LabelledPrompts all, Set<String> test, String how) {
        var train = all.inGroups(test, false);
        var held = all.inGroups(test, true);
        return new RoutingSplit(train, held, "split by group: " + train.examples().size() + " training prompts, "
                + held.examples().size() + " test prompts from " + test.size() + " groups never trained on (" + how + ")");
    }
}
