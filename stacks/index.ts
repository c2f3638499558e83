import { homelab } from "./homelab";

// Pulumi calls the exported function and publishes what it returns as the stack outputs.
export = () => homelab();
