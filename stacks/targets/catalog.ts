import { bareMetal } from "./bare-metal";
import { minikube } from "./minikube";
import type { TargetDefinition, TargetName } from "./target";
import { wsl2 } from "./wsl2";

export const TARGETS: Readonly<Record<TargetName, TargetDefinition>> = {
  minikube,
  wsl2,
  "bare-metal": bareMetal,
};
