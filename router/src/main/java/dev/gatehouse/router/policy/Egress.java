package dev.gatehouse.router.policy;

import dev.gatehouse.router.privacy.DataClass;

/**
 * Whether a target may receive a request's data: a target on the premises takes the classes it lists; a target
 * outside takes public and internal data it lists, and confidential data only masked (see {@link Masking}).
 * The decision's filter and the last check before bytes leave ask the same question here.
 */
public final class Egress {

    private Egress() {}

    public static boolean allows(Target t, DataClass data, Policy policy) {
        if (t.escalates() && data.compareTo(DataClass.INTERNAL) > 0) {
            return Masking.applies(t, data, policy);
        }
        return t.dataClasses().contains(data);
    }
}
