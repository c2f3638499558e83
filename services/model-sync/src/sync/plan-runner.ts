import type { Ollama } from "ollama";
import type { Log } from "../log.ts";
import { modelKey } from "../models/model-name.ts";
import { failureText, isNotFound } from "../ollama/failure-text.ts";
import { ProgressLog } from "../ollama/progress-log.ts";
import type { ManagedSet } from "./managed-set.ts";
import { emptyOutcome, type Outcome } from "./outcome.ts";
import type { CreateStep, Plan, PullStep, RemoveStep } from "./plan.ts";

/**
 * Carries out a plan one step at a time. A failed Ollama call is recorded and the run goes
 * on with the other models, so one bad name does not hold back the rest; a custom model
 * whose base failed is not attempted. A state store failure stops the run: it would
 * otherwise forget what it changed.
 */
export class PlanRunner {
  private readonly failedKeys = new Set<string>();
  private readonly outcome: Outcome;

  constructor(
    private readonly plan: Plan,
    private readonly ollama: Ollama,
    private readonly managed: ManagedSet,
    private readonly log: Log,
  ) {
    this.outcome = emptyOutcome(plan.unchanged);
  }

  async run(): Promise<Outcome> {
    for (const step of this.plan.steps) {
      if (step.kind === "pull") await this.pull(step);
      else if (step.kind === "create") await this.create(step);
      else await this.remove(step);
    }
    return this.outcome;
  }

  private async pull(step: PullStep): Promise<void> {
    const progress = new ProgressLog(step.neededBy ? `pull ${step.name} (base of ${step.neededBy})` : `pull ${step.name}`, this.log);
    try {
      for await (const update of await this.ollama.pull({ model: step.name, stream: true })) progress.update(update);
    } catch (error) {
      return this.fail("pull", step.name, step.key, failureText(error));
    }
    await this.managed.record(step.key, { name: step.name });
    this.outcome.pulled.push(step.name);
  }

  private async create(step: CreateStep): Promise<void> {
    const { model } = step;
    if (this.failedKeys.has(modelKey(model.from))) {
      return this.fail("create", model.name, step.key, `not attempted: its base ${model.from} failed`);
    }
    if (step.recreateBecause) this.log(`re-create ${model.name}: ${step.recreateBecause}`);
    const progress = new ProgressLog(`create ${model.name}`, this.log);
    try {
      const request = {
        model: model.name,
        from: model.from,
        parameters: { ...model.parameters },
        ...(model.system === undefined ? {} : { system: model.system }),
      };
      for await (const update of await this.ollama.create({ ...request, stream: true })) progress.update(update);
    } catch (error) {
      return this.fail("create", model.name, step.key, failureText(error));
    }
    await this.managed.record(step.key, { name: model.name, fingerprint: step.fingerprint });
    (step.recreateBecause ? this.outcome.recreated : this.outcome.created).push(model.name);
  }

  private async remove(step: RemoveStep): Promise<void> {
    if (step.kind === "forget") {
      this.log(`forget ${step.name}: no longer declared and already gone from Ollama`);
      return this.managed.drop(step.key);
    }
    try {
      await this.ollama.delete({ model: step.name });
      this.log(`remove ${step.name}: deleted, no longer declared`);
      this.outcome.removed.push(step.name);
    } catch (error) {
      if (!isNotFound(error)) return this.fail("remove", step.name, step.key, failureText(error));
      this.log(`remove ${step.name}: already gone from Ollama`);
    }
    await this.managed.drop(step.key);
  }

  private fail(action: "pull" | "create" | "remove", name: string, key: string, reason: string): void {
    this.log(`${action} ${name}: failed: ${reason}`);
    this.outcome.failures.push({ action, name, reason });
    this.failedKeys.add(key);
  }
}
