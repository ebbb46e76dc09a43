package dev.gatehouse.router.policy;

import dev.gatehouse.router.privacy.DataClass;

/**
 * When confidential data may go to a provider: only masked (findings replaced by placeholders before the call and
 * restored in the answer), only when the policy turns masking on, and only to a provider approved for confidential
 * data. Restricted data never leaves, masked or not.
 */
public final class Masking {

    private Masking() {}

    public static boolean applies(Target t, DataClass data, Policy policy) {
        if (!t.escalates() || data != DataClass.CONFIDENTIAL || !policy.escalation().maskConfidential()
                || !t.isProvider()) {
            return false;
        }
        return policy.escalation().provider(t.provider()).map(p -> p.allows(DataClass.CONFIDENTIAL)).orElse(false);
    }
}
