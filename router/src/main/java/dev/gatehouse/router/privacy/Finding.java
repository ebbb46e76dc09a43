package dev.gatehouse.router.privacy;

/**
 * One piece of sensitive data found in a text: what it is and where, never the text itself.
 *
 * @param type       entity type, e.g. EMAIL_ADDRESS, CREDIT_CARD, US_SSN, PERSON (Presidio's names where they exist)
 * @param start      offset of the first char (UTF-16 index into the scanned text)
 * @param end        offset after the last char
 * @param confidence 0..1
 */
public record Finding(String type, int start, int end, double confidence) {}
