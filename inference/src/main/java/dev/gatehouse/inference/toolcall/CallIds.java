package dev.gatehouse.inference.toolcall;

import java.util.random.RandomGenerator;

/** Makes OpenAI-style call ids ({@code call_} + 24 letters and digits) from an injectable random source. */
final class CallIds {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final RandomGenerator random;

    CallIds(RandomGenerator random) {
        this.random = random;
    }

    String next() {
        StringBuilder id = new StringBuilder("call_");
        for (int i = 0; i < 24; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
