// The local 统一身份认证 (OpenID provider) for tests and the demo, built on panva's oidc-provider
// (decision 0095). It stands in for the province's platform on loopback: discovery, JWKS, the
// authorization code flow with PKCE, ID tokens carrying the real-name claims, RP-initiated logout.
// Only the sign-in page is ours (Chinese, checks a demo user's password); consent is implied, as
// on the province's platform for its registered government clients.
//
//   node server.mjs --config provider.json   (written by `yichuang run_identity_provider`)
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";

import Provider from "oidc-provider";

const { values: args } = parseArgs({ options: { config: { type: "string" } } });
const config = JSON.parse(fs.readFileSync(args.config, "utf8"));
const users = new Map(config.users.map((u) => [u.username, u]));
const bySubject = new Map(config.users.map((u) => [u.sub, u]));

// One signing key, kept in a file so a restarted provider still verifies with the RP's cached JWKS.
function signingKey(path) {
  if (path && fs.existsSync(path)) return JSON.parse(fs.readFileSync(path, "utf8"));
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: crypto.randomUUID(), alg: "RS256", use: "sig" };
  if (path) fs.writeFileSync(path, JSON.stringify(jwk), { mode: 0o600 });
  return jwk;
}

const provider = new Provider(config.issuer, {
  clients: config.clients,
  jwks: { keys: [signingKey(config.keys_file)] },
  cookies: { keys: [crypto.randomBytes(32).toString("hex")] },
  claims: {
    openid: ["sub"],
    profile: ["name"],
    phone: ["phone_number", "phone_number_verified"],
    idcard: ["id_number"],
  },
  // The claims of the granted scopes go into the ID token itself, where the RP verifies them.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const user = bySubject.get(sub);
    return user && { accountId: sub, claims: async () => ({ sub, ...user.claims }) };
  },
});

function page(title, body) {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font-family:"Noto Sans CJK SC",sans-serif;max-width:26rem;margin:2rem auto;padding:0 1rem;line-height:1.6}
label,input,button{display:block;width:100%;box-sizing:border-box;font-size:1rem}input{padding:.5rem;margin:.25rem 0 1rem}
button{padding:.6rem;background:#0b5cad;color:#fff;border:0;border-radius:4px;margin:.5rem 0}
.secondary{background:#eee;color:#222}.error{color:#a40000}.hint{color:#444;font-size:.9rem}</style></head>
<body><h1>${title}</h1>${body}</body></html>`;
}

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid, error, username) {
  const demo = config.demo_hint
    ? `<p class="hint">本地参考平台的演示账号:${config.users.map((u) => `${escape(u.username)}(${escape(u.label)})`).join("、")},密码均为 ${escape(config.demo_hint)}</p>`
    : "";
  return page(
    `${config.title}`,
    `${error ? `<p class="error" role="alert">${escape(error)}</p>` : ""}
<form method="post" action="/interaction/${uid}">
<label for="username">账号</label><input id="username" name="username" autocomplete="username" value="${escape(username || "")}" required>
<label for="password">密码</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">登录</button></form>${demo}`,
  );
}

async function readForm(req) {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10000) break;
  }
  return new URLSearchParams(body);
}

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error("interaction mismatch");
  const { prompt, params, session } = details;
  if (prompt.name === "consent") {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(" "));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  if (req.method === "POST") {
    const form = await readForm(req);
    const user = users.get(form.get("username") || "");
    const given = Buffer.from(form.get("password") || "");
    const ok = user && given.length === Buffer.from(user.password).length && crypto.timingSafeEqual(given, Buffer.from(user.password));
    if (ok) {
      return provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
    }
    return send(res, 200, loginPage(uid, "账号或密码不正确。", form.get("username")));
  }
  return send(res, 200, loginPage(uid));
}

function send(res, status, html) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

async function logoutSource(ctx, form) {
  ctx.body = page(
    "退出统一身份认证",
    `<p>是否同时退出统一身份认证平台?</p>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">退出</button>
<button type="submit" form="op.logoutForm" class="secondary">保持登录</button>`,
  );
}

async function postLogoutSuccessSource(ctx) {
  ctx.body = page("已退出", "<p>您已退出统一身份认证平台。</p>");
}

const handle = provider.callback();
const server = http.createServer(async (req, res) => {
  const match = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(req.url.split("?")[0]);
  if (!match) return handle(req, res);
  try {
    await interaction(req, res, match[1]);
  } catch (err) {
    send(res, 400, page("登录已失效", `<p>本次登录已失效,请回到办事网站重新点击“用统一身份认证登录”。</p>`));
  }
});
server.listen(config.port, "127.0.0.1", () => console.log(`统一身份认证(本地参考):${config.issuer}`));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
