package dev.gatehouse.inference.template;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled Jinja chat template, as shipped in a GGUF's {@code tokenizer.chat_template}. Renders OpenAI-shaped
 * conversations (tools and tool calls included) into the model's prompt text the way Hugging Face transformers and
 * llama-server do: trim_blocks and lstrip_blocks on, {@code tojson} as Python's json.dumps, undefined distinct from
 * none. Compile once per model; {@link #render} is safe to call from many threads at once.
 */
public final class ChatTemplate {

    private final Source source;
    private final List<Node> nodes;
    private final Set<String> namesRead;

    private ChatTemplate(Source source, List<Node> nodes, Set<String> namesRead) {
        this.source = source;
        this.nodes = nodes;
        this.namesRead = namesRead;
    }

    /**
     * Parses a template with the whitespace options chat templates are written for (trim_blocks, lstrip_blocks).
     *
     * @throws TemplateSyntaxException with line and column when the source is not valid for this Jinja subset
     */
    public static ChatTemplate compile(String source) {
        return compile(source, true);
    }

    /**
     * As {@link #compile(String)}, with trim_blocks and lstrip_blocks both set to {@code blockWhitespace}; plain
     * Jinja defaults (both off) are only useful for templates written outside the chat-template convention.
     */
    public static ChatTemplate compile(String source, boolean blockWhitespace) {
        Source text = new Source(source);
        Parser parser = new Parser(new Lexer(text, blockWhitespace, blockWhitespace).tokenize(), text);
        List<Node> nodes = parser.template();
        return new ChatTemplate(text, nodes, Set.copyOf(parser.namesRead()));
    }

    /**
     * Renders the prompt.
     *
     * @throws TemplateRaisedException when the template rejects the input with {@code raise_exception}
     * @throws TemplateRenderException when rendering fails for another reason
     * @throws IllegalArgumentException when the input holds a value that is not Map, List, String, Number, Boolean
     *                                  or null
     */
    public String render(ChatTemplateInput input) {
        Scope globals = new Scope(null);
        GlobalFunctions.install(globals, input.clock());
        for (Map.Entry<String, Object> e : input.extra().entrySet()) {
            globals.set(e.getKey(), InputValues.normalize(e.getValue(), e.getKey()));
        }
        globals.set("messages", InputValues.messages(input.messages()));
        globals.set("tools", InputValues.normalize(input.tools(), "tools"));
        globals.set("add_generation_prompt", input.addGenerationPrompt());
        globals.set("bos_token", input.bosToken());
        globals.set("eos_token", input.eosToken());
        return new Renderer(source).render(nodes, globals);
    }

    /**
     * Whether the template reads the {@code tools} variable anywhere. A template that never does cannot show the
     * model the tool definitions, so such a model is no candidate for a request that carries tools.
     */
    public boolean mentionsTools() {
        return namesRead.contains("tools");
    }

    /** Every variable name the template reads, e.g. to tell whether it honours {@code enable_thinking}. */
    public Set<String> variablesRead() {
        return namesRead;
    }
}
