import { describe, expect, it } from "vitest";
import { renderStack, resource } from "../../render/harness";

/** How long `pulumi up` waits for what is known to start slowly, per target: Ollama, the gateway that waits for it, the model pulls. */
describe.each([
  ["dev", "minikube, on CPU: only the image pull", "15m"],
  ["wsl", "WSL2, the driver in Windows: the CUDA image pull", "20m"],
  ["homelab", "bare metal, the GPU operator building the driver first", "45m"],
])("%s (%s)", (stack, _why, ollamaStart) => {
  it(`waits ${ollamaStart} for Ollama and for the gateway whose readiness waits for Ollama, and 2h for the model pulls`, async () => {
    const recording = await renderStack(stack);
    const timeouts = (type: string, name: string) => resource(recording, type, name).options.customTimeouts;
    expect(timeouts("kubernetes:apps/v1:Deployment", "ollama-deployment")).toEqual({ create: ollamaStart, update: ollamaStart });
    expect(timeouts("kubernetes:apps/v1:Deployment", "llm-gateway-deployment")).toEqual({ create: ollamaStart, update: ollamaStart });
    expect(timeouts("kubernetes:batch/v1:Job", "model-sync-job")).toEqual({ create: "2h", update: "2h" });
  });
});
