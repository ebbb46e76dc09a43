package dev.gatehouse.router.privacy;

import java.util.Set;

/**
 * The entity type names findings carry. Presidio's names where Presidio has one, so that findings compare directly
 * with Presidio-format labels; our own names for secrets and for dates of birth.
 */
public final class EntityTypes {
    public static final String PERSON = "PERSON";
    public static final String STREET_ADDRESS = "STREET_ADDRESS";
    public static final String ZIP_CODE = "ZIP_CODE";
    public static final String GPE = "GPE";
    public static final String ORGANIZATION = "ORGANIZATION";
    public static final String NRP = "NRP";
    public static final String TITLE = "TITLE";
    public static final String AGE = "AGE";
    public static final String DATE_TIME = "DATE_TIME";
    /** A date next to a birth cue ("born", "DOB", "date of birth"); compares as DATE_TIME with Presidio labels. */
    public static final String DATE_OF_BIRTH = "DATE_OF_BIRTH";
    public static final String PHONE_NUMBER = "PHONE_NUMBER";
    public static final String EMAIL_ADDRESS = "EMAIL_ADDRESS";
    public static final String IP_ADDRESS = "IP_ADDRESS";
    public static final String DOMAIN_NAME = "DOMAIN_NAME";
    public static final String CREDIT_CARD = "CREDIT_CARD";
    public static final String IBAN_CODE = "IBAN_CODE";
    public static final String US_SSN = "US_SSN";
    public static final String US_DRIVER_LICENSE = "US_DRIVER_LICENSE";

    public static final String AWS_ACCESS_KEY = "AWS_ACCESS_KEY";
    /** The 40-character secret that goes with an AWS access key id. */
    public static final String AWS_SECRET_KEY = "AWS_SECRET_KEY";
    public static final String GITHUB_TOKEN = "GITHUB_TOKEN";
    public static final String SLACK_TOKEN = "SLACK_TOKEN";
    public static final String STRIPE_KEY = "STRIPE_KEY";
    public static final String OPENAI_API_KEY = "OPENAI_API_KEY";
    public static final String ANTHROPIC_API_KEY = "ANTHROPIC_API_KEY";
    public static final String GOOGLE_API_KEY = "GOOGLE_API_KEY";
    public static final String JWT = "JWT";
    public static final String PRIVATE_KEY = "PRIVATE_KEY";
    /** The value of a {@code password=}, {@code secret:}, {@code api_key=} ... assignment. */
    public static final String PASSWORD = "PASSWORD";
    /** user:password@ inside a URL or connection string. */
    public static final String URL_CREDENTIALS = "URL_CREDENTIALS";
    /** A long base64- or hex-like token whose character entropy says it is random: a key nobody labelled. */
    public static final String HIGH_ENTROPY_SECRET = "HIGH_ENTROPY_SECRET";

    /** Secrets: credentials whose leak is a breach by itself. */
    public static final Set<String> SECRETS = Set.of(AWS_ACCESS_KEY, AWS_SECRET_KEY, GITHUB_TOKEN, SLACK_TOKEN, STRIPE_KEY, OPENAI_API_KEY,
            ANTHROPIC_API_KEY, GOOGLE_API_KEY, JWT, PRIVATE_KEY, PASSWORD, URL_CREDENTIALS, HIGH_ENTROPY_SECRET);

    /** Financial and government identifiers that are damaging alone. */
    public static final Set<String> IDENTIFIERS = Set.of(CREDIT_CARD, IBAN_CODE, US_SSN, US_DRIVER_LICENSE);

    /** Ways to reach or locate a person. */
    public static final Set<String> CONTACT_DETAILS = Set.of(EMAIL_ADDRESS, PHONE_NUMBER, STREET_ADDRESS, IP_ADDRESS);

    private EntityTypes() {}

    /** The Presidio label a type compares with: our refinements map back to the type they refine. */
    public static String presidioType(String type) {
        if (type.equals(DATE_OF_BIRTH)) return DATE_TIME;
        return type;
    }
}
