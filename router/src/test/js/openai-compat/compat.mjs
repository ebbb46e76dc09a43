// Drives a running Gatehouse server with the official `openai` npm client, the way an application would.
// Run by OpenAiClientCompatibilityTest; by hand: `npm ci && GATEHOUSE_BASE_URL=http://localhost:8080/v1 \
//   GATEHOUSE_CHAT_MODEL=stories260k GATEHOUSE_EMBEDDING_MODEL=minilm node compat.mjs`.
// openai is pinned to the last 6.x: 7.x requires Node 22 and this targets Node 20.
//
// Environment:
//   GATEHOUSE_BASE_URL         the server's /v1 URL (required)
//   GATEHOUSE_CHAT_MODEL       chat model id (required for chat, stream)
//   GATEHOUSE_EMBEDDING_MODEL  embedding model id (required for embeddings)
//   GATEHOUSE_EXPECT_MODELS    comma-separated ids that models.list() must return (default: the two above)
//   GATEHOUSE_TOOLS_MODEL      chat model whose template takes tools (required for features)
//   GATEHOUSE_CHECKS           comma-separated subset of models,chat,stream,embeddings,errors,features
//                              (default: all but features)
//   GATEHOUSE_PROMPT           the user message of the chat checks
//
// Prints one JSON line {ok, failures, results} on stdout; exits 1 when any check failed, 2 on bad usage.

import OpenAI from "openai";

const ALL_CHECKS = ["models", "chat", "stream", "embeddings", "errors", "features"];
const DEFAULT_CHECKS = ["models", "chat", "stream", "embeddings", "errors"];
const EMBEDDING_DIMENSIONS = 384;

const env = process.env;
const baseURL = env.GATEHOUSE_BASE_URL;
const chatModel = env.GATEHOUSE_CHAT_MODEL;
const embeddingModel = env.GATEHOUSE_EMBEDDING_MODEL;
const prompt = env.GATEHOUSE_PROMPT ?? "Once upon a time";
const toolsModel = env.GATEHOUSE_TOOLS_MODEL;
const checks = (env.GATEHOUSE_CHECKS ?? DEFAULT_CHECKS.join(",")).split(",").map((c) => c.trim()).filter(Boolean);
const expectedModels = (env.GATEHOUSE_EXPECT_MODELS ?? [chatModel, embeddingModel].filter(Boolean).join(","))
  .split(",").map((m) => m.trim()).filter(Boolean);

const unknown = checks.filter((c) => !ALL_CHECKS.includes(c));
if (!baseURL || unknown.length > 0) {
  console.error(`usage: GATEHOUSE_BASE_URL is required (was ${baseURL}); GATEHOUSE_CHECKS must be a subset of `
    + `${ALL_CHECKS.join(",")} (unknown: ${unknown.join(",") || "none"})`);
  process.exit(2);
}

// No retries: a retried failure would hide exactly the behaviour under test.
const client = new OpenAI({ baseURL, apiKey: "unused", maxRetries: 0, timeout: 60_000 });
const failures = [];
const results = {};

/** Records a failed check with what was expected and what came back. */
function expect(condition, check, message, actual) {
  if (!condition) {
    failures.push(`${check}: ${message}; got ${JSON.stringify(actual)}`);
  }
  return condition;
}

function isCount(value) {
  return Number.isInteger(value) && value >= 0;
}

function expectUsage(check, usage) {
  expect(usage != null && isCount(usage.prompt_tokens) && usage.prompt_tokens > 0, check,
    "usage.prompt_tokens must be a positive integer", usage);
  expect(usage != null && isCount(usage.completion_tokens), check,
    "usage.completion_tokens must be a non-negative integer", usage);
  expect(usage != null && usage.total_tokens === usage.prompt_tokens + usage.completion_tokens, check,
    "usage.total_tokens must be prompt_tokens + completion_tokens", usage);
}

async function listModels() {
  const ids = [];
  for await (const model of client.models.list()) {
    ids.push(model.id);
    expect(model.object === "model", "models", `${model.id}.object must be "model"`, model.object);
  }
  for (const id of expectedModels) {
    expect(ids.includes(id), "models", `models.list() must contain ${id}`, ids);
  }
  return { ids };
}

async function chat() {
  const completion = await client.chat.completions.create({
    model: chatModel,
    messages: [{ role: "user", content: prompt }],
    max_tokens: 16,
    seed: 42,
  });
  const choice = completion.choices?.[0];
  const content = choice?.message?.content;
  expect(completion.object === "chat.completion", "chat", 'object must be "chat.completion"', completion.object);
  expect(typeof completion.id === "string" && completion.id.length > 0, "chat", "id must be a string", completion.id);
  expect(completion.model === chatModel, "chat", `model must be ${chatModel}`, completion.model);
  expect(choice?.message?.role === "assistant", "chat", 'message.role must be "assistant"', choice?.message);
  expect(typeof content === "string" && content.length > 0, "chat", "message.content must be non-empty", content);
  expect(["stop", "length"].includes(choice?.finish_reason), "chat", "finish_reason must be stop or length",
    choice?.finish_reason);
  expectUsage("chat", completion.usage);
  return { content, finishReason: choice?.finish_reason, usage: completion.usage };
}

async function stream() {
  const chunks = await client.chat.completions.create({
    model: chatModel,
    messages: [{ role: "user", content: prompt }],
    max_tokens: 16,
    seed: 42,
    stream: true,
    stream_options: { include_usage: true },
  });
  let content = "";
  let role = null;
  let finishReason = null;
  let usage = null;
  let count = 0;
  let chunksAfterUsage = 0;
  for await (const chunk of chunks) {
    count++;
    if (usage != null) {
      chunksAfterUsage++;
    }
    expect(chunk.object === "chat.completion.chunk", "stream", 'object must be "chat.completion.chunk"',
      chunk.object);
    const choice = chunk.choices?.[0];
    role ??= choice?.delta?.role ?? null;
    content += choice?.delta?.content ?? "";
    finishReason = choice?.finish_reason ?? finishReason;
    if (chunk.usage) {
      expect(chunk.choices.length === 0, "stream", "the usage chunk must have no choices", chunk.choices);
      usage = chunk.usage;
    }
  }
  expect(role === "assistant", "stream", 'the first delta must carry role "assistant"', role);
  expect(content.length > 0, "stream", "the concatenated deltas must be non-empty", content);
  expect(["stop", "length"].includes(finishReason), "stream", "a chunk must carry finish_reason stop or length",
    finishReason);
  expect(usage != null, "stream", "include_usage must produce a usage chunk", usage);
  expect(chunksAfterUsage === 0, "stream", "the usage chunk must be the last", chunksAfterUsage);
  if (usage != null) {
    expectUsage("stream", usage);
  }
  return { content, chunks: count, finishReason, usage };
}

async function embeddings() {
  // Without encoding_format the client asks for base64 and decodes it itself; "float" takes the JSON-array path.
  const single = await client.embeddings.create({ model: embeddingModel, input: "the quick brown fox" });
  const floats = await client.embeddings.create({
    model: embeddingModel, input: "the quick brown fox", encoding_format: "float",
  });
  const batch = await client.embeddings.create({ model: embeddingModel, input: ["first text", "second text"] });
  const dimensions = (response) => response.data.map((d) => d.embedding?.length);
  const finite = (response) => response.data.every((d) => d.embedding.every((v) => Number.isFinite(v)));
  expect(single.data.length === 1, "embeddings", "a string input must give one vector", single.data.length);
  expect(batch.data.length === 2, "embeddings", "an array of two must give two vectors", batch.data.length);
  for (const response of [single, batch]) {
    expect(dimensions(response).every((d) => d === EMBEDDING_DIMENSIONS), "embeddings",
      `vectors must have ${EMBEDDING_DIMENSIONS} dimensions`, dimensions(response));
    expect(finite(response), "embeddings", "vectors must be finite numbers", "non-finite values");
    expect(response.data.every((d, i) => d.index === i), "embeddings", "data[i].index must be i",
      response.data.map((d) => d.index));
    expect(isCount(response.usage?.prompt_tokens) && response.usage.prompt_tokens > 0, "embeddings",
      "usage.prompt_tokens must be a positive integer", response.usage);
  }
  const a = single.data[0]?.embedding ?? [];
  const b = floats.data[0]?.embedding ?? [];
  const maxDifference = a.length === b.length ? Math.max(...a.map((v, i) => Math.abs(v - b[i]))) : Infinity;
  expect(maxDifference < 1e-6, "embeddings", "base64 and float encodings must give the same vector",
    maxDifference);
  expect(batch.model === embeddingModel, "embeddings", `model must be ${embeddingModel}`, batch.model);
  return {
    single: dimensions(single), float: dimensions(floats), batch: dimensions(batch), maxDifference,
    promptTokens: batch.usage?.prompt_tokens,
  };
}

/** Calls {@code request}, which must fail; returns what the client's error exposes. */
async function failure(check, request) {
  try {
    const response = await request();
    failures.push(`${check}: the request must fail, but it succeeded with ${JSON.stringify(response).slice(0, 200)}`);
    return null;
  } catch (e) {
    return {
      name: e?.constructor?.name,
      isApiError: e instanceof OpenAI.APIError,
      status: e?.status,
      message: e?.error?.message ?? null,
      type: e?.type ?? null,
      code: e?.code ?? null,
      param: e?.param ?? null,
    };
  }
}

async function errors() {
  const unknownModel = await failure("errors.unknownModel", () => client.chat.completions.create({
    model: "no-such-model", messages: [{ role: "user", content: "hi" }],
  }));
  if (unknownModel) {
    expect(unknownModel.isApiError && unknownModel.name === "NotFoundError" && unknownModel.status === 404,
      "errors.unknownModel", "the client must throw NotFoundError with status 404", unknownModel);
    expect(typeof unknownModel.message === "string" && unknownModel.message.includes("no-such-model"),
      "errors.unknownModel", "error.message must name the model", unknownModel.message);
  }
  // A stream that fails before its first byte must be a plain HTTP error the client throws at create().
  const unknownStream = await failure("errors.unknownModelStream", () => client.chat.completions.create({
    model: "no-such-model", messages: [{ role: "user", content: "hi" }], stream: true,
  }));
  if (unknownStream) {
    expect(unknownStream.name === "NotFoundError" && unknownStream.status === 404, "errors.unknownModelStream",
      "a stream request for an unknown model must throw NotFoundError with status 404", unknownStream);
  }
  const twoChoices = await failure("errors.n", () => client.chat.completions.create({
    model: chatModel, messages: [{ role: "user", content: "hi" }], n: 2,
  }));
  if (twoChoices) {
    expect(twoChoices.isApiError && twoChoices.name === "BadRequestError" && twoChoices.status === 400,
      "errors.n", "the client must throw BadRequestError with status 400", twoChoices);
    expect(twoChoices.param === "n", "errors.n", 'error.param must be "n"', twoChoices.param);
    expect(typeof twoChoices.message === "string" && twoChoices.message.includes("n"), "errors.n",
      "error.message must explain the rule on n", twoChoices.message);
  }
  return { unknownModel, unknownModelStream: unknownStream, n: twoChoices };
}

/** Logprobs, JSON schema output and a forced tool call, read through the client's own types. */
async function features() {
  const withLogprobs = await client.chat.completions.create({
    model: chatModel, messages: [{ role: "user", content: prompt }], max_tokens: 6, temperature: 0,
    logprobs: true, top_logprobs: 2,
  });
  const tokens = withLogprobs.choices[0].logprobs?.content ?? [];
  expect(tokens.length === withLogprobs.usage.completion_tokens, "features.logprobs",
    "one logprobs entry per completion token", tokens.length);
  expect(tokens.every((t) => t.logprob <= 0 && t.top_logprobs.length === 2 && Array.isArray(t.bytes)),
    "features.logprobs", "each entry has logprob <= 0, 2 top_logprobs and bytes", tokens[0]);

  const json = await client.chat.completions.create({
    model: chatModel, messages: [{ role: "user", content: prompt }], max_tokens: 80, seed: 9,
    response_format: { type: "json_schema", json_schema: { name: "pet", strict: true, schema: {
      type: "object", properties: { pet: { enum: ["cat", "dog"] }, age: { type: "integer", minimum: 0, maximum: 20 } },
      required: ["pet", "age"], additionalProperties: false } } },
  });
  let parsed = null;
  try { parsed = JSON.parse(json.choices[0].message.content); } catch (e) { /* reported below */ }
  expect(parsed !== null && ["cat", "dog"].includes(parsed.pet) && Number.isInteger(parsed.age), "features.json",
    "the content must be JSON following the schema", json.choices[0].message.content);

  const tools = [{ type: "function", function: { name: "get_weather", description: "Weather in a city",
    parameters: { type: "object", properties: { city: { type: "string", maxLength: 10 } }, required: ["city"] } } }];
  const called = await client.chat.completions.create({
    model: toolsModel, messages: [{ role: "user", content: "Weather in Oslo?" }], max_tokens: 200, seed: 3,
    tools, tool_choice: { type: "function", function: { name: "get_weather" } },
  });
  const call = called.choices[0].message.tool_calls?.[0];
  expect(called.choices[0].finish_reason === "tool_calls", "features.tools", 'finish_reason "tool_calls"',
    called.choices[0].finish_reason);
  expect(call?.function?.name === "get_weather" && typeof JSON.parse(call.function.arguments).city === "string",
    "features.tools", "one get_weather call with a city", call);
  const answered = await client.chat.completions.create({
    model: toolsModel, max_tokens: 8, seed: 3, tools,
    messages: [{ role: "user", content: "Weather in Oslo?" }, called.choices[0].message,
      { role: "tool", tool_call_id: call?.id ?? "none", content: "{\"celsius\": 21}" }],
  });
  expect(answered.usage.prompt_tokens > called.usage.prompt_tokens, "features.tools",
    "the tool result goes back into the prompt", answered.usage);
  return { logprobs: tokens.length, json: parsed, toolCall: call ?? null, finish: called.choices[0].finish_reason };
}

const runners = { models: listModels, chat, stream, embeddings, errors, features };
for (const check of ALL_CHECKS.filter((c) => checks.includes(c))) {
  try {
    results[check] = await runners[check]();
  } catch (e) {
    failures.push(`${check}: threw ${e?.constructor?.name}: ${e?.message}`);
  }
}

console.log(JSON.stringify({ ok: failures.length === 0, failures, results }));
if (failures.length > 0) {
  console.error(`openai client compatibility: ${failures.length} check(s) failed:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
