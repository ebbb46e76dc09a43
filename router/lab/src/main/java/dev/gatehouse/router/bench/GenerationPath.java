package dev.gatehouse.router.bench;

/** One way of asking the same model for the same tokens; the benchmark times each the same way. */
interface GenerationPath extends AutoCloseable {
    String name();

    GenerationSample run(String prompt, int maxTokens) throws Exception;

    @Override
    void close();
}
