/**
 * The one vLLM release both platforms serve with (SPCS and Kubernetes), and the command-line spellings that
 * changed between releases. Change the pin here and both paths' images and arguments follow.
 */

/**
 * vLLM release: the newest on PyPI when pinned (`pip index versions vllm` → 0.33.0, 2026-12-01); vLLM
 * publishes `vllm/vllm-openai:v<version>` and the CPU image with the same tag for each release. Why this
 * one: the V1 engine runs on compute capability < 8.0 since v0.10.2 (vllm-project/vllm#23614, #24022), so
 * the examples' A10G/L4/L40S (8.6/8.9) and, with caveats (vllm-project/vllm#15853), the T4 (7.5) are
 * served by one release; `--runner pooling` (below) needs >= 0.10.1; the embeddings API takes
 * `truncate_prompt_tokens` (the gateway's embed route uses it). The previous pin, v0.11.0, was a year behind.
 */
export const VLLM_VERSION = "v0.33.0";

/** vLLM's OpenAI-compatible server for GPUs (Docker Hub `vllm/vllm-openai`). */
export const VLLM_IMAGE = `vllm/vllm-openai:${VLLM_VERSION}`;

/**
 * vLLM's CPU build, for embedding models on CPU pools or nodes. vLLM's CPU install guide points at this
 * ECR gallery repository (gallery.ecr.aws/q9t5s3a7/vllm-cpu-release-repo), tagged per release like the GPU image.
 */
export const VLLM_CPU_IMAGE = `public.ecr.aws/q9t5s3a7/vllm-cpu-release-repo:${VLLM_VERSION}`;

/**
 * Container command, set explicitly rather than left to the image's entrypoint (older images started
 * `python -m vllm.entrypoints.openai.api_server`, which took `--model`); `vllm serve` takes the model as its
 * first, positional argument.
 */
export const VLLM_COMMAND: readonly string[] = ["vllm", "serve"];

/** Serve an embedding model as a pooling model on `/v1/embeddings` (spelled `--task embed` before 0.10.1). */
export const VLLM_EMBED_ARGS: readonly string[] = ["--runner", "pooling", "--convert", "embed"];
