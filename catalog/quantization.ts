/**
 * Which quantized weights vLLM can serve on which GPU, by compute capability. Sources:
 * - AWQ: Turing (7.5) and newer; GPTQ: Volta (7.0) and newer (docs.vllm.ai/en/v0.15.1/features/quantization/,
 *   "Supported Hardware" table).
 * - FP8: W8A8 on compute capability >= 8.9; below, dense models run as weight-only W8A16 through FP8
 *   Marlin from 7.5 (docs.vllm.ai/en/v0.32.0/features/quantization/llm_compressor/fp8/); FP8
 *   mixture-of-experts only on >= 8.9 (neuralmagic/DeepSeek-Coder-V2-Instruct-FP8 discussion #1, Red Hat AI).
 * - MXFP4 (gpt-oss): native kernels on Hopper/Blackwell, otherwise the Marlin weight-only backend
 *   (vllm-project/vllm#31085, quantization/mxfp4.py backend selection), and Marlin needs Ampere (8.0).
 */
import type { Quantization } from "./architecture";

/** Why `quantization` cannot be served on a GPU of `computeCapability`, or undefined when it can. */
export function quantizationUnsupported(quantization: Quantization, computeCapability: number, mixtureOfExperts: boolean): string | undefined {
  const need = (min: number, what: string) =>
    computeCapability < min ? `${what} needs compute capability >= ${min}, the GPU has ${computeCapability}` : undefined;
  switch (quantization) {
    case "awq":
      return need(7.5, "AWQ");
    case "gptq":
      return need(7.0, "GPTQ");
    case "fp8":
      return mixtureOfExperts ? need(8.9, "FP8 for a mixture-of-experts model") : need(7.5, "FP8 (weight-only below 8.9)");
    case "mxfp4":
      return need(8.0, "MXFP4 (Marlin weight-only below Hopper)");
  }
}
