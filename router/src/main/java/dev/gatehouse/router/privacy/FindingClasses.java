package dev.gatehouse.router.privacy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which data class each finding type puts a text in: the shipped defaults, overridden per type by the policy's
 * {@code privacy.classes} (an operator may lower or raise any type).
 *
 * <p>The defaults follow GDPR's notion of personal data (Art. 4(1): any information relating to an identified or
 * identifiable person, directly or in combination). Every entity the detectors recognise is {@code confidential}
 * alone: names, e-mail addresses, phone numbers, postal addresses and postcodes, IP addresses (online identifiers,
 * recital 30), dates of birth, ages, NRP (nationality, religion, politics: Art. 9's special categories), and also the
 * quasi-identifiers — places, organisations, dates, domain names, job titles. A chat prompt that names a town, an
 * employer or a date is usually about someone (its writer or whoever it discusses), and recall comes before
 * precision: the cost of a false alarm is a local answer, the cost of a miss is personal data at a provider.
 * Operators whose traffic is mostly about companies and places lower those types to {@code internal}. National and
 * account identifiers and every secret are {@code restricted}. {@code internal} is left for what is unknown rather
 * than recognised: strict egress's unverified words, and the operator's own codes.
 */
public record FindingClasses(Map<String, DataClass> classes) {

    /** Identify nobody alone, but do in combination or in a text about someone. */
    static final Set<String> QUASI_IDENTIFIERS = Set.of(EntityTypes.GPE, EntityTypes.ORGANIZATION,
            EntityTypes.DATE_TIME, EntityTypes.DOMAIN_NAME, EntityTypes.TITLE);

    private static final Map<String, DataClass> DEFAULTS = defaultsMap();

    public FindingClasses {
        classes = Map.copyOf(classes);
    }

    /** The shipped mapping. */
    public static FindingClasses defaults() {
        return new FindingClasses(DEFAULTS);
    }

    /** The defaults with the policy's own classes put over them, type by type. */
    public static FindingClasses withOverrides(Map<String, DataClass> overrides) {
        Map<String, DataClass> merged = new HashMap<>(DEFAULTS);
        merged.putAll(overrides);
        return new FindingClasses(merged);
    }

    /** The class a finding of this type gives a text on its own; internal for a type nobody declared. */
    public DataClass of(String type) {
        return classes.getOrDefault(type, DataClass.INTERNAL);
    }

    /** Every type the built-in detectors and strict egress report, sorted: what {@code privacy.classes} may name. */
    public static Set<String> builtInTypes() {
        return new TreeSet<>(DEFAULTS.keySet());
    }

    private static Map<String, DataClass> defaultsMap() {
        Map<String, DataClass> m = new LinkedHashMap<>();
        for (String t : Set.of(EntityTypes.PERSON, EntityTypes.EMAIL_ADDRESS, EntityTypes.PHONE_NUMBER,
                EntityTypes.STREET_ADDRESS, EntityTypes.ZIP_CODE, EntityTypes.IP_ADDRESS, EntityTypes.DATE_OF_BIRTH,
                EntityTypes.AGE, EntityTypes.NRP)) {
            m.put(t, DataClass.CONFIDENTIAL);
        }
        for (String t : QUASI_IDENTIFIERS) m.put(t, DataClass.CONFIDENTIAL);
        for (String t : EntityTypes.IDENTIFIERS) m.put(t, DataClass.RESTRICTED);
        for (String t : EntityTypes.SECRETS) m.put(t, DataClass.RESTRICTED);
        m.put(StrictEgressScanner.UNVERIFIED, DataClass.INTERNAL);
        return Map.copyOf(m);
    }
}
