import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI, { APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOllamaStub } from "../testing/ollama-stub.ts";
import { ALICE_KEY, startTestGateway, type TestGateway } from "../testing/test-gateway.ts";

const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const PNG = Buffer.from(PNG_BASE64, "base64");

function imageMessage(url: string): OpenAI.Chat.Completions.ChatCompletionMessageParam {
  return { role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image_url", image_url: { url } }] };
}

describe("images in chat completions", () => {
  let gw: TestGateway;
  let openai: OpenAI;
  let images: Server;
  let imagesUrl: string;

  beforeAll(async () => {
    images = createServer((req, res) => {
      if (req.url === "/cat.png") return void res.end(PNG);
      if (req.url === "/huge.png") return void res.end(Buffer.concat([PNG, Buffer.alloc(8192)]));
      res.end("<html>not an image</html>");
    });
    await new Promise<void>((resolve) => images.listen(0, "127.0.0.1", resolve));
    imagesUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
    const stub = await startOllamaStub([
      { name: "llava:7b", capabilities: ["completion", "vision"] },
      { name: "llama3.2:1b", capabilities: ["completion"] },
    ]);
    gw = await startTestGateway({
      stub,
      // The image server is on loopback, which only the allowed range lets the gateway reach.
      env: { MODEL_ALIASES: "eyes=llava:7b,fast=llama3.2:1b", MAX_BODY_BYTES: "4096", IMAGE_URL_ALLOW_CIDRS: "127.0.0.1/32" },
    });
    openai = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: ALICE_KEY, maxRetries: 0 });
  });

  afterAll(async () => {
    await gw.close();
    await gw.stub.close();
    images.closeAllConnections();
    await new Promise((resolve) => images.close(resolve));
  });

  const refusal = async (model: string, url: string) => {
    const error = await openai.chat.completions.create({ model, messages: [imageMessage(url)] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    return error as APIError;
  };

  it("passes data URLs and fetched images to a vision model, with the text apart", async () => {
    await openai.chat.completions.create({ model: "eyes", messages: [imageMessage(`data:image/png;base64,${PNG_BASE64}`)] });
    expect(gw.stub.chats.at(-1)?.body.messages[0]).toEqual({ role: "user", content: "What is this?", images: [PNG_BASE64] });
    await openai.chat.completions.create({ model: "eyes", messages: [imageMessage(`${imagesUrl}/cat.png`)] });
    expect(gw.stub.chats.at(-1)?.body.messages[0]?.images).toEqual([PNG_BASE64]);
  });

  it("refuses images for a model without vision, before anything is fetched or asked", async () => {
    const before = gw.stub.chats.length;
    const error = await refusal("fast", `${imagesUrl}/cat.png`);
    expect(error.status).toBe(400);
    expect(error.code).toBe("vision_not_supported");
    expect(error.param).toBe("messages[0].content[1].image_url.url");
    expect(gw.stub.chats.length).toBe(before);
  });

  it("refuses what is not an image, too large once decoded, or on a private address, naming the part", async () => {
    const cases: [string, RegExp][] = [
      ["data:text/plain;base64,aGVsbG8=", /not an image/],
      ["data:image/png,rawbytes", /base64/],
      [`${imagesUrl}/page.html`, /not an image/],
      [`${imagesUrl}/huge.png`, /larger than the 4096 bytes/],
      ["http://169.254.169.254/latest/meta-data", /169\.254\.169\.254, a private, loopback or link-local address/],
      ["http://10.0.0.1/cat.png", /10\.0\.0\.1/],
      ["ftp://example.com/cat.png", /ftp: URLs are not fetched/],
    ];
    for (const [url, message] of cases) {
      const error = await refusal("eyes", url);
      expect(error.status, url).toBe(400);
      expect(error.message, url).toMatch(message);
      expect(error.param, url).toBe("messages[0].content[1].image_url.url");
    }
  });
});
