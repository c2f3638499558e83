import { createServer, type AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { tcpProbe } from "./tcp-probe";

describe("the TCP probe", () => {
  it("answers when something accepts the connection, and says why not when nothing does", async () => {
    const server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    expect(await tcpProbe("127.0.0.1", port)).toEqual({ answers: true });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await tcpProbe("127.0.0.1", port)).toEqual({ answers: false, reason: "ECONNREFUSED" });
  });
});
