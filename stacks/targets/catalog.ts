import { bareMetal } from "./bare-metal";
import { minikube } from "./minikube";
import type { TargetDefinition } from "./target";
import type { TargetName } from "./target-facts";
import { wsl2 } from "./wsl2";

export const TARGETS: Readonly<Record<TargetName, TargetDefinition>> = {
  minikube,
  wsl2,
  "bare-metal": bareMetal,
};
