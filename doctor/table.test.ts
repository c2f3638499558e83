import { describe, expect, it } from "vitest";
import { exitCodeOf, fail, pass, warn } from "./check";
import { renderTable } from "./table";

describe("the report table", () => {
  const results = [
    pass("cluster API", "context minikube answers"),
    warn("GPU", "no node advertises nvidia.com/gpu", "check `nvidia-smi` in WSL2"),
    fail("storage class", "no class standard", "run `minikube addons enable storage-provisioner`"),
  ];

  it("aligns the checks in a column and puts what to do under each warn and fail", () => {
    expect(renderTable(results).split("\n")).toEqual([
      "      check          found",
      "      -------------  -----",
      "pass  cluster API    context minikube answers",
      "WARN  GPU            no node advertises nvidia.com/gpu",
      "                     → check `nvidia-smi` in WSL2",
      "FAIL  storage class  no class standard",
      "                     → run `minikube addons enable storage-provisioner`",
      "",
      "1 pass, 1 warn, 1 fail",
    ]);
  });

  it("exits non-zero on any fail, zero on warnings alone", () => {
    expect(exitCodeOf(results)).toBe(1);
    expect(exitCodeOf(results.slice(0, 2))).toBe(0);
  });
});
