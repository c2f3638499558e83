import { z } from "zod";
import { show } from "../config-problems";

/** `homelab:observability`: what the sizing profile does not decide well for everyone. */
export const observabilitySchema = z
  .strictObject({
    prometheus: z
      .strictObject({
        /** How long samples are kept. @default by sizing: 3d lean, 15d full */
        retention: z
          .string()
          .regex(/^\d+[hdwy]$/, { error: (i) => `expected a duration such as 15d (h, d, w or y); got ${show(i.input)}` })
          .optional(),
        /** Prometheus's volume. @default by sizing: 5Gi lean, 20Gi full */
        size: z
          .string()
          .regex(/^\d+(Gi|Ti)$/, { error: (i) => `expected a size such as 20Gi; got ${show(i.input)}` })
          .optional(),
      })
      .prefault({}),
  })
  .prefault({});

export type ObservabilityConfig = z.output<typeof observabilitySchema>;
