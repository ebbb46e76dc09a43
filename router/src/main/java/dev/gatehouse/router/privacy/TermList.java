package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.Objects;

/**
 * An operator's list of words or phrases (project code names, customer names) from the policy: each occurrence, as a
 * whole word and ignoring case, is a finding of {@code type} that raises the data class to at least {@code dataClass}.
 */
public record TermList(String type, List<String> terms, DataClass dataClass) {
    public TermList {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dataClass, "dataClass");
        terms = List.copyOf(terms);
        if (type.isBlank()) throw new IllegalArgumentException("term list type is blank");
        if (terms.stream().anyMatch(String::isBlank)) throw new IllegalArgumentException("term list " + type + " has a blank term");
    }
}
