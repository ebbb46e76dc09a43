package dev.gatehouse.router.reload;

import dev.gatehouse.manifest.ConfigException;
import java.util.List;

/**
 * What a reload did: applied (with the models added, removed and changed) or rejected (with every violation, the
 * old configuration still serving).
 */
public record ReloadOutcome(boolean applied, List<String> added, List<String> removed, List<String> changed,
                            List<Problem> problems) {

    /** One violation: the file, the key path in it, and the rule broken. */
    public record Problem(String file, String key, String rule) {
        static List<Problem> of(ConfigException e) {
            return e.violations().stream().map(v -> new Problem(e.source(), v.key(), v.message())).toList();
        }

        @Override
        public String toString() {
            return file + ": " + key + ": " + rule;
        }
    }

    static ReloadOutcome applied(List<String> added, List<String> removed, List<String> changed) {
        return new ReloadOutcome(true, List.copyOf(added), List.copyOf(removed), List.copyOf(changed), List.of());
    }

    static ReloadOutcome rejected(List<Problem> problems) {
        return new ReloadOutcome(false, List.of(), List.of(), List.of(), List.copyOf(problems));
    }
}
