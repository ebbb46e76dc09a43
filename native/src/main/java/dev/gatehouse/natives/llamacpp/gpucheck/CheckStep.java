package dev.gatehouse.natives.llamacpp.gpucheck;

/** One thing the check does in its turn: load one model, or hold two at once. */
sealed interface CheckStep permits LoadCase, CheckStep.Pair {

    String label();

    /** Two models loaded with every layer on the GPU, both generating at the same time. */
    record Pair(LoadCase first, LoadCase second) implements CheckStep {
        @Override
        public String label() {
            return "pair: " + first.label() + " + " + second.label();
        }
    }
}
