import { expect, it } from "vitest";
import { formatTable } from "./table";

it("aligns name, url and result, and marks failures in capitals", () => {
  const table = formatTable([
    { name: "chat login page", url: "https://chat.lab.test/auth", passed: true, detail: "sign-in page served" },
    { name: "s3", url: "https://s3.lab.test", passed: false, detail: "HTTP 503" },
  ]);
  expect(table.split("\n")).toEqual([
    "check            url                         result  detail",
    "---------------  --------------------------  ------  ------",
    "chat login page  https://chat.lab.test/auth  pass    sign-in page served",
    "s3               https://s3.lab.test         FAIL    HTTP 503",
  ]);
});
