package dev.gatehouse.natives;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StopStringsTest {

    record Case(String name, List<String> stops, List<String> pieces, String expected, boolean stopped) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("without stop strings everything passes", List.of(), List.of("a", "b"), "ab", false),
                new Case("a stop inside one piece cuts it", List.of("END"), List.of("abENDc"), "ab", true),
                new Case("a stop across pieces is found", List.of("END"), List.of("ab E", "N", "D x"), "ab ", true),
                new Case("a partial match that fails is released", List.of("END"), List.of("E", "NX"), "ENX", false),
                new Case("the earliest of two stops wins", List.of("yz", "b"), List.of("abxyz"), "a", true),
                new Case("a partial match at the end is flushed", List.of("END"), List.of("ab EN"), "ab EN", false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void stopStringsCutTheTextAtTheFirstMatch(Case c) {
        StopStrings stops = new StopStrings(c.stops());
        List<String> out = new ArrayList<>();
        boolean stopped = false;
        for (String piece : c.pieces()) {
            StopStrings.Step step = stops.push(piece);
            out.add(step.emit());
            if (step.stopped()) {
                stopped = true;
                break;
            }
        }
        if (!stopped) {
            out.add(stops.flush());
        }
        assertThat(String.join("", out)).isEqualTo(c.expected());
        assertThat(stopped).isEqualTo(c.stopped());
    }
}
