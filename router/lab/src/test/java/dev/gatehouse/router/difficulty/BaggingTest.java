package dev.gatehouse.router.difficulty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BaggingTest {
    private static List<RoutingExample> rows(int groups, int perGroup) {
        var out = new ArrayList<RoutingExample>();
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < perGroup; i++) out.add(new RoutingExample("p" + g + "-" + i, "g" + g, 0, 1, Double.NaN, Double.NaN));
        }
        return out;
    }

    private static Set<String> groupsIn(List<RoutingExample> examples, boolean[] rows) {
        Set<String> groups = new TreeSet<>();
        for (int i = 0; i < rows.length; i++) if (rows[i]) groups.add(examples.get(i).group());
        return groups;
    }

    @Test
    void eachBagTrainsOnWholeGroupsSevenTenthsOfThemAndTheBagsDiffer() {
        var examples = rows(10, 20);
        var bagging = new Bagging(examples, 1);
        Set<Set<String>> seen = new java.util.HashSet<>();
        for (int b = 0; b < DifficultyTrainer.BAGS; b++) {
            boolean[] picked = bagging.rows(b);
            Set<String> groups = groupsIn(examples, picked);
            assertThat(groups).hasSize(7);
            for (int i = 0; i < picked.length; i++) assertThat(picked[i]).isEqualTo(groups.contains(examples.get(i).group()));
            seen.add(groups);
        }
        assertThat(seen).hasSizeGreaterThan(1);
        assertThat(bagging.description()).contains("70% of the 10 groups");
    }

    @Test
    void theSameSeedPicksTheSameRows() {
        var examples = rows(6, 5);
        assertThat(new Bagging(examples, 4).rows(2)).containsExactly(new Bagging(examples, 4).rows(2));
    }

    @Test
    void withFewerThanFourGroupsBagsSampleRowsFromEveryGroup() {
        var examples = rows(3, 200);
        var bagging = new Bagging(examples, 1);
        boolean[] picked = bagging.rows(0);
        int count = 0;
        for (boolean p : picked) if (p) count++;
        assertThat(count).isBetween(380, 460);
        assertThat(groupsIn(examples, picked)).hasSize(3);
        assertThat(bagging.description()).contains("of the rows");
    }

    @Test
    void twoGroupsStillLeaveOneOutOfEachBag() {
        var examples = rows(4, 3);
        assertThat(groupsIn(examples, new Bagging(examples, 1).rows(0))).hasSize(3);
    }
}
