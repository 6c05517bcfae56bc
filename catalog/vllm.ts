/**
 * The one vLLM release both platforms serve with (SPCS and Kubernetes), and the command-line spellings that
 * changed between releases. Change the pin here and both paths' images and arguments follow.
 */

/** vLLM release. `--runner pooling` (below) needs >= 0.10.1. */
export const VLLM_VERSION = "v0.11.0";

/** vLLM's OpenAI-compatible server for GPUs. */
export const VLLM_IMAGE = `vllm/vllm-openai:${VLLM_VERSION}`;

/** vLLM's CPU build, for embedding models on CPU pools or nodes. */
export const VLLM_CPU_IMAGE = `public.ecr.aws/q9t5s3a7/vllm-cpu-release-repo:${VLLM_VERSION}`;

/**
 * Container command, set explicitly rather than left to the image's entrypoint (older images started
 * `python -m vllm.entrypoints.openai.api_server`, which took `--model`); `vllm serve` takes the model as its
 * first, positional argument.
 */
export const VLLM_COMMAND: readonly string[] = ["vllm", "serve"];

/** Serve an embedding model as a pooling model on `/v1/embeddings` (spelled `--task embed` before 0.10.1). */
export const VLLM_EMBED_ARGS: readonly string[] = ["--runner", "pooling", "--convert", "embed"];
