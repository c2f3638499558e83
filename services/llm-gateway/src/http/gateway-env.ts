import type { HttpBindings } from "@hono/node-server";
import type { Principal } from "../auth/principal.ts";
import type { Generation } from "../generation/generation.ts";

/** What middleware hands on to routes and back to the access log. */
export interface GatewayEnv {
  Bindings: HttpBindings;
  Variables: {
    requestId: string;
    principal: Principal;
    /** Set by routes that produce an answer, so the access log can report its model, tokens and timing. */
    generation: Generation;
    /** Settles when a streamed response has been written to the end or abandoned. */
    streamClosed: Promise<void>;
  };
}
