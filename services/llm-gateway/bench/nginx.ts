import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { waitForHttp } from "./processes.ts";

const NGINX = "/usr/sbin/nginx";

/**
 * Debian's nginx as a plain reverse proxy in front of the stub: one worker
 * (the gateway is one Node.js thread), upstream keep-alive, no buffering so
 * streams pass through, no access log. Returns undefined when nginx is not installed.
 */
export async function startNginx(workDir: string, upstreamUrl: string, port: number) {
  if (!existsSync(NGINX)) return undefined;
  const upstream = new URL(upstreamUrl);
  const dir = join(workDir, "nginx");
  await mkdir(dir, { recursive: true });
  const config = `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream stub { server ${upstream.hostname}:${upstream.port}; keepalive 128; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://stub;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
`;
  await writeFile(join(dir, "nginx.conf"), config);
  const child = spawn(NGINX, ["-p", dir, "-c", join(dir, "nginx.conf")], { stdio: ["ignore", "ignore", "inherit"] });
  await waitForHttp(`http://127.0.0.1:${port}/api/version`);
  return child;
}
