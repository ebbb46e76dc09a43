package dev.gatehouse.router.privacy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The privacy scanner: runs every detector over the text, keeps one finding per stretch of text (the most severe kind
 * wins where findings overlap, so a card number is never reported as a phone number), and maps what is left to a data
 * class ({@link DataClassRule}). Thread-safe; build one at startup (it reads its lexicons once) and share it.
 */
public final class SensitiveDataScanner implements PrivacyScanner {
    private final List<Detector> detectors;
    private final Map<String, DataClass> operatorClasses;
    private final FindingClasses classes;

    /** The built-in detectors only, with the shipped classes. */
    public SensitiveDataScanner() {
        this(List.of(), List.of());
    }

    /** The built-in detectors plus the policy's own patterns and term lists, with the shipped classes. */
    public SensitiveDataScanner(List<CustomPattern> patterns, List<TermList> termLists) {
        this(patterns, termLists, FindingClasses.defaults());
    }

    /**
     * The built-in detectors plus the policy's own patterns and term lists, each finding type classed by
     * {@code classes} (the policy's {@code privacy.classes} over the defaults); an operator pattern's type takes the
     * class its pattern declares.
     */
    public SensitiveDataScanner(List<CustomPattern> patterns, List<TermList> termLists, FindingClasses classes) {
        Lexicons lexicons = Lexicons.load();
        this.detectors = List.of(new OperatorDetector(patterns, termLists), new SecretDetector(), new ConfigSecretDetector(),
                new EntropyDetector(),
                new CreditCardDetector(), new IbanDetector(), new SsnDetector(), new DriverLicenseDetector(),
                new EmailDetector(), new IpAddressDetector(), new UrlDetector(), new DateDetector(), new PhoneDetector(),
                new ZipCodeDetector(), new StreetAddressDetector(lexicons), new LooseStreetDetector(lexicons),
                new AgeDetector(), new ProperNounDetector(lexicons), new ResidenceCueDetector(lexicons),
                new OrganizationDetector(lexicons), new LowerCaseNameDetector(lexicons),
                new UnknownWordContextDetector(lexicons), new AddressBlockDetector(lexicons),
                new JobTitleDetector(lexicons));
        var operator = new java.util.HashMap<String, DataClass>();
        for (CustomPattern p : patterns) operator.merge(p.type(), p.dataClass(), DataClass::atLeast);
        for (TermList t : termLists) operator.merge(t.type(), t.dataClass(), DataClass::atLeast);
        this.operatorClasses = Map.copyOf(operator);
        var all = new java.util.HashMap<>(classes.classes());
        operatorClasses.forEach((type, c) -> all.merge(type, c, DataClass::atLeast)); // operator types only raise
        this.classes = new FindingClasses(all);
    }

    /** How this scanner classes each finding type. */
    public FindingClasses classes() {
        return classes;
    }

    /** The detectors in the order they run (for profiling each alone). */
    List<Detector> detectors() {
        return detectors;
    }

    @Override
    public PrivacyReport scan(String text) {
        if (text == null || text.isEmpty()) return new PrivacyReport(DataClass.PUBLIC, List.of());
        List<Finding> all = new ArrayList<>();
        ScanText scan = ScanText.of(text);
        for (Detector detector : detectors) detector.detect(scan, all);
        List<Finding> kept = withoutOverlaps(all, text);
        return new PrivacyReport(DataClassRule.classify(kept, classes), kept);
    }

    /**
     * Most severe first, then most confident, then longest; a finding overlapping one already kept is dropped, or merged
     * into it when both are of one type, or trimmed to its words outside it when it is a name. A weak
     * guess (below 0.6) at a contact detail or anything milder ranks after every confident finding, so "3378 217" as a
     * maybe-phone does not cut a confident street address in two; secrets and identifiers always come first.
     */
    private List<Finding> withoutOverlaps(List<Finding> all, String text) {
        all.sort(Comparator.comparingInt((Finding f) -> rank(f))
                .thenComparing(Comparator.comparingDouble(Finding::confidence).reversed())
                .thenComparing(Comparator.comparingInt((Finding f) -> f.end() - f.start()).reversed()));
        List<Finding> kept = new ArrayList<>();
        for (Finding f : all) {
            if (insideAddress(f, all)) continue;
            Finding rest = f;
            for (int i = 0; i < kept.size() && rest != null; i++) {
                Finding k = kept.get(i);
                if (rest.start() >= k.end() || k.start() >= rest.end()) continue;
                if (k.type().equals(rest.type())) {
                    // two readings of one address ("213 Pilekrogen 53" and "53 Apt. 263, Grand-Leez"): one finding over both
                    kept.set(i, new Finding(k.type(), Math.min(k.start(), rest.start()), Math.max(k.end(), rest.end()), k.confidence()));
                    rest = null;
                } else {
                    rest = NAMES.contains(rest.type()) ? outside(rest, k, text) : null;
                }
            }
            if (rest != null) kept.add(rest);
        }
        kept.sort(Comparator.comparingInt(Finding::start));
        return kept;
    }

    /** Names whose words stand alone: one cut at its edge by a stronger finding keeps its words outside it. */
    private static final java.util.Set<String> NAMES = java.util.Set.of(EntityTypes.PERSON, EntityTypes.GPE,
            EntityTypes.ORGANIZATION, EntityTypes.NRP);

    /**
     * "Barbara Yudina Apt" overlapping the address "Apt. 675 ...": the name keeps "Barbara Yudina". What is left must be
     * whole words on one side of {@code k}; a name split in the middle or left empty is dropped.
     */
    private static Finding outside(Finding f, Finding k, String text) {
        int start = f.start(), end = f.end();
        if (k.start() > f.start() && k.end() >= f.end()) end = k.start();
        else if (k.start() <= f.start() && k.end() < f.end()) start = k.end();
        else return null;
        // the cut must fall between words: "Yudina Apt" cut before "Apt" keeps "Yudina", "Yudi|na" keeps nothing
        if ((end < f.end() && Character.isLetter(text.charAt(end - 1))) || (start > f.start() && Character.isLetter(text.charAt(start)))) {
            if (end < f.end() && Character.isLetter(text.charAt(end))) return null;
            if (start > f.start() && Character.isLetter(text.charAt(start - 1))) return null;
        }
        while (start < end && !Character.isLetterOrDigit(text.charAt(start))) start++;
        while (end > start && !Character.isLetterOrDigit(text.charAt(end - 1)) && text.charAt(end - 1) != '.') end--;
        return end - start >= 2 ? new Finding(f.type(), start, end, f.confidence()) : null;
    }

    /** A postal code or place lying wholly inside a confident street address is part of that address, not a finding of its own. */
    private static boolean insideAddress(Finding f, List<Finding> all) {
        if (!f.type().equals(EntityTypes.ZIP_CODE)) return false;
        for (Finding a : all) {
            if (a.type().equals(EntityTypes.STREET_ADDRESS) && a.confidence() >= 0.6 && a.start() <= f.start() && f.end() <= a.end()
                    && a.end() - a.start() > f.end() - f.start()) return true;
        }
        return false;
    }

    private int rank(Finding f) {
        int severity = severity(f.type());
        return f.confidence() < 0.6 && severity >= 4 ? severity + 20 : severity;
    }

    private int severity(String type) {
        if (operatorClasses.containsKey(type)) return 0;
        if (EntityTypes.SECRETS.contains(type)) return 1;
        return switch (type) {
            case EntityTypes.CREDIT_CARD, EntityTypes.IBAN_CODE -> 2;
            case EntityTypes.US_SSN, EntityTypes.US_DRIVER_LICENSE -> 3;
            case EntityTypes.EMAIL_ADDRESS -> 4;
            case EntityTypes.IP_ADDRESS, EntityTypes.DOMAIN_NAME -> 5;
            case EntityTypes.DATE_OF_BIRTH, EntityTypes.DATE_TIME -> 6;
            case EntityTypes.PHONE_NUMBER -> 7;
            case EntityTypes.ZIP_CODE -> 8;
            case EntityTypes.STREET_ADDRESS -> 9;
            case EntityTypes.AGE -> 10;
            default -> 11;
        };
    }
}
