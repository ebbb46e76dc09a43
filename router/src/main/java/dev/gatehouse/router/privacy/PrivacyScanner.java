package dev.gatehouse.router.privacy;

/** Finds sensitive data in text. Recall first: a missed card number that leaves the building is the worst failure. */
public interface PrivacyScanner {
    PrivacyReport scan(String text);
}
