import { smoke } from "./smoke";

smoke(process.argv.slice(2), (line) => console.log(line)).then((code) => {
  process.exitCode = code;
});
