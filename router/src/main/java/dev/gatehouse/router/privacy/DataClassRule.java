package dev.gatehouse.router.privacy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * From findings to a data class. The mapping, strongest first:
 * <ul>
 *   <li>RESTRICTED: any secret (keys, tokens, private keys, passwords, high-entropy strings) or any financial or
 *       government identifier (credit card, IBAN, SSN, driver's licence). Each is damaging on its own, and a card
 *       number that leaves the building is the worst failure, so confidence does not lower the class.</li>
 *   <li>CONFIDENTIAL: a person together with a way to reach or locate them (e-mail, phone, street address, IP) or a
 *       date of birth; or two different contact details together (e-mail and phone name one person even without a
 *       name); or a date of birth with any contact detail.</li>
 *   <li>INTERNAL: anything else found, including a single contact detail or a name alone. A lone name or phone-like
 *       number is what the noisiest detectors produce on ordinary prose; making it CONFIDENTIAL would keep a large share
 *       of harmless traffic off every provider without protecting anyone named, while INTERNAL still keeps it away
 *       from any target approved for PUBLIC data only. Operators who want lone contact details to stay home approve
 *       cloud targets for PUBLIC only, or raise them with a custom pattern.</li>
 *   <li>PUBLIC: nothing found.</li>
 * </ul>
 * Operator patterns and term lists carry their own class, which can only raise the result.
 */
final class DataClassRule {
    private DataClassRule() {}

    static DataClass classify(List<Finding> findings, java.util.Map<String, DataClass> customClasses) {
        if (findings.isEmpty()) return DataClass.PUBLIC;
        DataClass result = DataClass.INTERNAL;
        Set<String> types = new HashSet<>();
        for (Finding f : findings) {
            types.add(f.type());
            DataClass custom = customClasses.get(f.type());
            if (custom != null) result = result.atLeast(custom);
            if (EntityTypes.SECRETS.contains(f.type()) || EntityTypes.IDENTIFIERS.contains(f.type())) {
                result = DataClass.RESTRICTED;
            }
        }
        if (result == DataClass.RESTRICTED) return result;
        long contacts = types.stream().filter(EntityTypes.CONTACT_DETAILS::contains).count();
        boolean person = types.contains(EntityTypes.PERSON);
        boolean birth = types.contains(EntityTypes.DATE_OF_BIRTH);
        if ((person && (contacts > 0 || birth)) || contacts >= 2 || (birth && contacts > 0)) {
            result = result.atLeast(DataClass.CONFIDENTIAL);
        }
        return result;
    }
}
