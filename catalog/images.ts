/**
 * Pins of the public images the Kubernetes path runs besides vLLM (vLLM's pin is catalog/vllm.ts). Each is
 * the newest release when pinned; the version is read from the project's PyPI package, which is released
 * together with the image of the same version.
 */

/**
 * Chroma server 1.5.9: `pip index versions chromadb` → 1.5.9 (2026-12-01); the `chromadb/chroma` image is
 * tagged with the same version. 1.x is the Rust server the manifests configure (data under `/data`).
 * Issue 11's real-Chroma test installs `chromadb==CHROMA_VERSION` from PyPI, so client and server agree.
 */
export const CHROMA_VERSION = "1.5.9";
export const CHROMA_IMAGE = `chromadb/chroma:${CHROMA_VERSION}`;

/**
 * Open WebUI v0.12.4: `pip index versions open-webui` → 0.12.4 (2026-12-01); the image is
 * `ghcr.io/open-webui/open-webui:v<version>`. Its non-root support regressed in v0.10.2 and v0.11.0
 * (open-webui/open-webui#26662, #27651), which the Kubernetes README's `ui.runAsNonRoot` escape hatch covers.
 */
export const OPEN_WEBUI_VERSION = "0.12.4";
export const OPEN_WEBUI_IMAGE = `ghcr.io/open-webui/open-webui:v${OPEN_WEBUI_VERSION}`;
