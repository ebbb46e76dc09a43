package dev.gatehouse.router.privacy;

import java.util.List;

/**
 * From findings to a data class: the most sensitive class any finding's type maps to ({@link FindingClasses}: the
 * shipped defaults under the policy's {@code privacy.classes}), then one rule no per-type setting can undo — a person
 * together with a way to reach them (e-mail, phone, street address, IP) or a date of birth, two different contact
 * details together (they name one person even without a name), or a date of birth with a contact detail, is at least
 * {@code confidential}. That keeps "name plus e-mail" home even where an operator lowered names alone to
 * {@code internal} because they are noisy. Nothing found is {@code public}.
 */
final class DataClassRule {
    private DataClassRule() {}

    static DataClass classify(List<Finding> findings, FindingClasses classes) {
        if (findings.isEmpty()) return DataClass.PUBLIC;
        DataClass result = DataClass.PUBLIC;
        boolean person = false;
        boolean birth = false;
        int contactMask = 0; // one bit per contact type, so "two e-mails" is not "two kinds of contact"
        for (Finding f : findings) {
            result = result.atLeast(classes.of(f.type()));
            switch (f.type()) {
                case EntityTypes.PERSON -> person = true;
                case EntityTypes.DATE_OF_BIRTH -> birth = true;
                case EntityTypes.EMAIL_ADDRESS -> contactMask |= 1;
                case EntityTypes.PHONE_NUMBER -> contactMask |= 2;
                case EntityTypes.STREET_ADDRESS -> contactMask |= 4;
                case EntityTypes.IP_ADDRESS -> contactMask |= 8;
                default -> { }
            }
        }
        int contacts = Integer.bitCount(contactMask);
        if ((person && (contacts > 0 || birth)) || contacts >= 2 || (birth && contacts > 0)) {
            result = result.atLeast(DataClass.CONFIDENTIAL);
        }
        return result;
    }
}
