package dev.gatehouse.inference.toolcall;

/**
 * How a model family writes tool calls into its output. Detected from the chat template, because the template
 * renders past calls in the same form the model was trained to produce them.
 */
public enum ToolCallFormat {
    /** Qwen 2.5/3, Hermes, SmolLM3 and others: {@code <tool_call>{"name": .., "arguments": {..}}</tool_call>}. */
    HERMES,
    /** Llama 3.x: the whole reply is {@code {"name": .., "parameters": {..}}}, maybe after {@code <|python_tag|>}. */
    LLAMA3_JSON,
    /** Mistral: {@code [TOOL_CALLS][{"name": .., "arguments": {..}}]} or {@code [TOOL_CALLS]name[ARGS]{..}}. */
    MISTRAL,
    /** gpt-oss harmony: {@code <|channel|>commentary to=functions.NAME <|message|>{..}<|call|>}. */
    GPT_OSS,
    /** The template shows no way to call tools, or one this parser does not read (e.g. Qwen3-Coder's XML). */
    NONE;

    /**
     * Whether a model with this chat template can take tools: the template shows them to the model and writes calls
     * in a format this parser reads. A template that does not compile in Java cannot.
     */
    public static boolean supportedBy(String templateSource) {
        if (templateSource == null || detect(templateSource) == NONE) return false;
        try {
            return dev.gatehouse.inference.template.ChatTemplate.compile(templateSource).mentionsTools();
        } catch (dev.gatehouse.inference.template.TemplateException e) {
            return false;
        }
    }

    /** Looks at what the template writes for assistant tool calls. */
    public static ToolCallFormat detect(String templateSource) {
        String t = templateSource == null ? "" : templateSource;
        if (t.contains("<|call|>") && t.contains("<|channel|>")) {
            return GPT_OSS;
        }
        if (t.contains(MistralFormat.MARKER)) {
            return MISTRAL;
        }
        if (t.contains(HermesFormat.OPEN)) {
            // Qwen3-Coder and GLM put XML parameters inside <tool_call>, not JSON.
            return t.contains("<function=") || t.contains("<arg_key>") ? NONE : HERMES;
        }
        if (t.contains(Llama3JsonFormat.PYTHON_TAG)
                || (t.contains("<|start_header_id|>") && t.contains("\"parameters\""))) {
            return LLAMA3_JSON;
        }
        return NONE;
    }
}
